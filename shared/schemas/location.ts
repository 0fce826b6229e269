import { z } from './zod'
import { JINZHONG_BOUNDS, PRECISION_KEYS } from '../utils/vocabulary'

// Kept apart from station.ts, which needs the opening_hours parser: the suggestion forms use these
// in the browser and must not pull that parser into the phone's download.

/** A WGS-84 point inside 晋中. */
export const LocationSchema = z.object({
  lat: z.number().min(JINZHONG_BOUNDS.south, '纬度不在晋中范围内').max(JINZHONG_BOUNDS.north, '纬度不在晋中范围内'),
  lng: z.number().min(JINZHONG_BOUNDS.west, '经度不在晋中范围内').max(JINZHONG_BOUNDS.east, '经度不在晋中范围内'),
  precision: z.enum(PRECISION_KEYS).default('exact'),
}).strict()

/** A file name that can serve as a place id (and so as a URL segment). */
export const StationIdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id 只能包含小写字母、数字和 -').max(64)
