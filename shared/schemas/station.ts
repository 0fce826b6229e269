import { z } from './zod'
import { isValidOpeningHours } from './opening-hours'
import { AMENITY_KEYS, AUDIENCE_KEYS, KIND_KEYS, STATUS_KEYS } from '../utils/vocabulary'
import { DistrictSchema } from './district'
// Server-only like the opening_hours parser above: wherever places are parsed, names resolve in the region.
import '../../server/regions/region'
import { LocationSchema } from './location'

export { LocationSchema, StationIdSchema } from './location'

const isoDate = z.iso.date({ message: '日期应为有效的 YYYY-MM-DD' })

/**
 * One place on the map, as written in `content/stations/*.yml` and `content/services/*.yml`.
 * The single definition of the shape: content collections, the server and the UI all use it.
 */
export const StationSchema = z.object({
  name: z.string().trim().min(2).max(60),
  kind: z.enum(KIND_KEYS),
  /** Written as a code or a name in the region (`榆次区`); parsed, the county's code (`140702`). */
  district: DistrictSchema,
  address: z.string().trim().min(2).max(120),
  location: LocationSchema,
  amenities: z.array(z.enum(AMENITY_KEYS)).default([])
    .refine(list => new Set(list).size === list.length, '设施重复'),
  hours: z.string().trim().min(1).refine(isValidOpeningHours, '营业时间不是有效的 opening_hours 语法'),
  hoursNote: z.string().max(200).optional(),
  phone: z.string().regex(/^\+?[\d-]{3,20}$/, '电话只能包含数字和 -').optional(),
  operator: z.string().trim().min(2).max(80),
  audience: z.array(z.enum(AUDIENCE_KEYS)).min(1),
  arrivalHint: z.string().max(200).optional(),
  description: z.string().max(500).optional(),
  status: z.enum(STATUS_KEYS).default('open'),
  statusNote: z.string().max(200).optional(),
  /** When a temporarily closed place expects to open again. */
  expectedReopen: isoDate.optional(),
  lastVerified: isoDate.optional(),
  sample: z.boolean(),
  source: z.object({
    name: z.string().min(2).max(200),
    // Only web links: a javascript: or data: URL must never become a link on a page.
    url: z.url({ protocol: /^https?$/, message: '链接应以 http:// 或 https:// 开头' }).optional(),
    note: z.string().max(300).optional(),
  }).strict(),
}).strict()

export type StationInput = z.input<typeof StationSchema>
export type StationData = z.output<typeof StationSchema>
