import { z } from './zod'
import { parseNear } from '../utils/geo'

// The map's place queries (issue 10): the nearest places to a point, and the clusters and places of a view.
// Filters (kind, amenity, district, open, q) are read by parseFilterQuery, which ignores unknown values.

const coordinate = (min: number, max: number, name: string) => z.coerce.number({ message: `${name}应为数字` }).min(min, `${name}超出范围`).max(max, `${name}超出范围`)

/** `GET /api/places/nearest?lat=&lng=&limit=`: limit 1–50, 20 by default. */
export const NearestQuerySchema = z.object({
  lat: coordinate(-90, 90, '纬度'),
  lng: coordinate(-180, 180, '经度'),
  limit: z.coerce.number().int('数量应为整数').min(1, '数量至少为 1').max(50, '数量最多为 50').default(20),
})

/** `GET /api/places?bbox=west,south,east,north&zoom=`: a box in degrees (WGS-84) and the map's zoom level. */
export const ViewportQuerySchema = z.object({
  bbox: z.string({ message: '缺少 bbox（西,南,东,北）' })
    .transform(text => text.split(',').map(Number))
    .refine(parts => parts.length === 4 && parts.every(Number.isFinite), 'bbox 应为 西,南,东,北 四个数字')
    .transform(([west, south, east, north]) => ({ west: west!, south: south!, east: east!, north: north! }))
    .refine(box => box.west <= box.east && box.south <= box.north, 'bbox 的西应小于东、南应小于北')
    .refine(box => box.south >= -90 && box.north <= 90 && box.west >= -180 && box.east <= 180, 'bbox 超出经纬度范围'),
  zoom: z.coerce.number().int('zoom 应为整数').min(0, 'zoom 在 0 到 22 之间').max(22, 'zoom 在 0 到 22 之间'),
})

/** `near=lat,lng`: the point a list starts from (a shared link's, or the phone's position). */
const near = z.string({ message: 'near 应为 纬度,经度' })
  .transform((text, context) => parseNear(text) ?? (context.addIssue({ code: 'custom', message: 'near 应为 纬度,经度，例如 37.6880,112.7526' }), z.NEVER))

/**
 * `near=lat,lng` alone: `GET /api/places/city` (the places of the city around the point, the
 * configured centre without one) and `GET /api/stations?limit=` (the list's first page, nearest it first).
 */
export const NearQuerySchema = z.object({ near: near.optional() })

/** `GET /api/places/search?q=&page=`: words to find (name, address, district, pinyin initials), one page of 20. */
export const SearchQuerySchema = z.object({
  q: z.string({ message: '请输入要搜索的词' }).trim().min(1, '请输入要搜索的词').max(50, '搜索词最多 50 个字'),
  page: z.coerce.number({ message: '页码应为 1 到 10000 的整数' }).int('页码应为 1 到 10000 的整数').min(1, '页码应为 1 到 10000 的整数').max(10_000, '页码应为 1 到 10000 的整数').default(1),
  /** Leave out the places of this city, and the neighbours of `near`: the phone lists those itself (GET /api/places/city). */
  notCity: z.string().regex(/^\d{6}$/, 'notCity 应为 6 位行政区划代码').optional(),
  near: near.optional(),
})
