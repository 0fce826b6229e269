import gcoord from 'gcoord'
import type { LatLng } from './geo'

/** Coordinate systems the app meets: GPS/OSM/天地图 are WGS-84; 高德 and 腾讯 use GCJ-02. */
export type Crs = 'wgs84' | 'gcj02'

/** WGS-84 -> GCJ-02 (the "Mars" offset, about 550-610 m around 37°N 112°E). */
export function toGcj02(point: LatLng): LatLng {
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.WGS84, gcoord.GCJ02)
  return { lat, lng }
}

/** GCJ-02 -> WGS-84 (gcoord's iterative inverse, metre-level). */
export function fromGcj02(point: LatLng): LatLng {
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.GCJ02, gcoord.WGS84)
  return { lat, lng }
}

/** A stored WGS-84 point expressed in the coordinate system of a map's tiles. */
export function toCrs(point: LatLng, crs: Crs): LatLng {
  return crs === 'gcj02' ? toGcj02(point) : { lat: point.lat, lng: point.lng }
}

/** A point read off a map in `crs`, back in WGS-84. */
export function fromCrs(point: LatLng, crs: Crs): LatLng {
  return crs === 'gcj02' ? fromGcj02(point) : { lat: point.lat, lng: point.lng }
}

/** Systems a point may be typed in by staff: also 百度's BD-09 (GCJ-02 offset once more). */
export const INPUT_CRS = ['wgs84', 'gcj02', 'bd09'] as const
export type InputCrs = typeof INPUT_CRS[number]

/** A point typed in `crs`, in WGS-84. */
export function toWgs84(point: LatLng, crs: InputCrs): LatLng {
  if (crs !== 'bd09') return fromCrs(point, crs)
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.BD09, gcoord.WGS84)
  return { lat, lng }
}
