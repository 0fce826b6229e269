import { z } from './zod'
import { PRECISION_KEYS } from '../utils/vocabulary'
import { activeRegion } from '../utils/region'

// Kept apart from station.ts, which needs the opening_hours parser: the suggestion forms use these
// in the browser and must not pull that parser into the phone's download.

const outside = (what: string) => () => `${what}不在${activeRegion().name}范围内`

/** A WGS-84 point inside the region's box (NUXT_PUBLIC_REGION, shared/utils/region.ts). */
export const LocationSchema = z.object({
  lat: z.number().refine(lat => lat >= activeRegion().bounds.south && lat <= activeRegion().bounds.north, { error: outside('纬度') }),
  lng: z.number().refine(lng => lng >= activeRegion().bounds.west && lng <= activeRegion().bounds.east, { error: outside('经度') }),
  precision: z.enum(PRECISION_KEYS).default('exact'),
}).strict()

/** A file name that can serve as a place id (and so as a URL segment). */
export const StationIdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id 只能包含小写字母、数字和 -').max(64)
