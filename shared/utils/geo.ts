import { DEFAULT_LOCALE, type UiLocale } from './locale'

export interface LatLng {
  lat: number
  lng: number
}

const EARTH_RADIUS_M = 6_371_008.8

/** A point written `lat,lng` (the `near` of a shared link), rounded to about 10 m; undefined when it is not one. */
export function parseNear(value: unknown): LatLng | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (typeof text !== 'string') return undefined
  const match = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text)
  if (!match) return undefined
  const [lat, lng] = [Number(match[1]), Number(match[2])]
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined
  return { lat: Math.round(lat * 1e4) / 1e4, lng: Math.round(lng * 1e4) / 1e4 }
}

/**
 * The `near` a phone asks its city's places for (GET /api/places/city), rounded to about a kilometre:
 * a position moves by metres between taps, the city it is in does not. Undefined without a point.
 */
export function cityPoint(point: LatLng | null | undefined): string | undefined {
  return point ? `${point.lat.toFixed(2)},${point.lng.toFixed(2)}` : undefined
}

/** A point as `near` writes it: `lat,lng` to about 10 m. */
export function formatNear(point: LatLng): string {
  return `${point.lat.toFixed(4)},${point.lng.toFixed(4)}`
}

/** Great-circle distance in metres between two WGS-84 points (haversine). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * Typical speeds in metres per minute. Streets are not straight lines, so the straight-line
 * distance is stretched by a detour factor before it becomes a time.
 */
export const SPEEDS = { walk: 75, ride: 250 } as const
export const DETOUR_FACTOR = 1.3

/** Minutes to cover a straight-line distance on foot or by (electric) bike, at least 1. */
export function travelMinutes(meters: number, mode: keyof typeof SPEEDS): number {
  return Math.max(1, Math.round((meters * DETOUR_FACTOR) / SPEEDS[mode]))
}

const UNITS: Record<UiLocale, { m: string, km: string, min: string, h: string }> = {
  'zh-CN': { m: '米', km: '公里', min: '分钟', h: '小时' },
  'en': { m: 'm', km: 'km', min: 'min', h: 'h' },
}

/** "850 米", "2.3 公里", "35 公里"; in English "850 m", "2.3 km", "35 km". */
export function formatDistance(meters: number, locale: UiLocale = DEFAULT_LOCALE): string {
  const unit = UNITS[locale]
  if (meters < 1000) return `${Math.max(10, Math.round(meters / 10) * 10)} ${unit.m}`
  if (meters < 10_000) return `${(meters / 1000).toFixed(1)} ${unit.km}`
  return `${Math.round(meters / 1000)} ${unit.km}`
}

/** "12 分钟", "1 小时 5 分钟"; in English "12 min", "1 h 5 min". */
export function formatMinutes(minutes: number, locale: UiLocale = DEFAULT_LOCALE): string {
  const unit = UNITS[locale]
  if (minutes < 60) return `${minutes} ${unit.min}`
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return m ? `${h} ${unit.h} ${m} ${unit.min}` : `${h} ${unit.h}`
}

/** Items with a `location`, nearest to `origin` first, each with its distance in metres. */
export function sortByDistance<T extends { location: LatLng }>(items: readonly T[], origin: LatLng): Array<T & { distance: number }> {
  return items
    .map(item => ({ ...item, distance: distanceMeters(origin, item.location) }))
    .sort((a, b) => a.distance - b.distance)
}
