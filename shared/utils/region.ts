import { CHINA_BOUNDS, REGION_DEFAULTS, REGION_VIEWS, type Bounds, type RegionView } from '../regions.config'

// The client-safe half of the region (NUXT_PUBLIC_REGION): its view and box, and the region the
// shared schemas check places against. The division data (names of every county) stays on the
// server: server/regions/region.ts.

export type { Bounds, RegionView } from '../regions.config'

/** The region when NUXT_PUBLIC_REGION is not set (runtimeConfig.public.region's default). */
export const DEFAULT_REGION = REGION_DEFAULTS.region

/** A region code: six digits, GB/T 2260 (100000 for the whole country). */
export const REGION_CODE_PATTERN = /^\d{6}$/

/** A county-level division code where a place lies, e.g. `140702`. */
export type DistrictCode = string

/**
 * The view of a region: configured in shared/regions.config.ts, else China's box and centre with the
 * given name (the server moves the start to the region's places: server/regions/region.ts).
 */
export function regionView(code: string, fallbackName = code): RegionView {
  const configured = REGION_VIEWS[code]
  if (configured) return configured
  const country = REGION_VIEWS['100000']!
  return { name: fallbackName, nameEn: fallbackName, center: country.center, zoom: country.zoom, bounds: CHINA_BOUNDS }
}

/** Whether a point lies in a box (edges included). */
export function isInBounds(point: { lat: number, lng: number }, bounds: Bounds): boolean {
  return point.lat >= bounds.south && point.lat <= bounds.north && point.lng >= bounds.west && point.lng <= bounds.east
}

/** What the shared schemas need to know of the region a process serves. */
export interface ActiveRegion {
  code: string
  /** Short name for messages (`山西`). */
  name: string
  bounds: Bounds
  /**
   * A county of the region from its code or name, or why not (in Chinese). Only the server and the
   * CLI have one (server/regions/region.ts); without it, any six-digit code passes.
   */
  resolveDistrict?: (text: string) => { code: string, error?: undefined } | { code?: undefined, error: string }
}

let active: ActiveRegion = { code: DEFAULT_REGION, name: regionView(DEFAULT_REGION).name, bounds: regionView(DEFAULT_REGION).bounds }

/** The region places are checked against in this process. */
export function activeRegion(): ActiveRegion {
  return active
}

/** Sets the region of this process: the server at start-up, the browser from runtime config. */
export function setActiveRegion(region: ActiveRegion) {
  active = region
}
