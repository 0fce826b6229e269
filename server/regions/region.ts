// Relative imports only: the CLI scripts and the migrations use this module too.
import { COUNTY_CENTRES, REGION_DEFAULTS, REGION_VIEWS } from '../../shared/regions.config'
import { DEFAULT_REGION, isInBounds, regionView, setActiveRegion, type Bounds } from '../../shared/utils/region'
import type { LatLng } from '../../shared/utils/geo'
import { countiesIn, county, lookupCounty, prefectureOf, regionDivision, type Division } from './divisions'

/** One county-level division offered in filters and forms. */
export interface RegionDistrict {
  code: string
  name: string
}

/** Everything the app takes from NUXT_PUBLIC_REGION (shared/regions.config.ts adds the coordinates). */
export interface RegionConfig {
  /** GB/T 2260 code: 140700 a prefecture, 140000 a province, 100000 the whole country. */
  code: string
  division: Division
  /** Short names for headings (`山西` / `Shanxi`); the division's own name when none is configured. */
  name: string
  nameEn: string
  /** Where the map starts; for a region without a configured view, China's centre (see startPoint). */
  center: LatLng
  zoom: number
  /** Whether shared/regions.config.ts sets the view, or it is the fallback. */
  configured: boolean
  /** The box every place must lie in. */
  bounds: Bounds
  /** The county-level divisions of the region, by code. */
  districts: RegionDistrict[]
}

const configs = new Map<string, RegionConfig>()

/** The region a code names, with its districts and view; throws a DivisionError for an unknown code. */
export function regionConfig(code: string): RegionConfig {
  let config = configs.get(code)
  if (config) return config
  const division = regionDivision(code)
  const view = regionView(code, division.name)
  config = {
    code,
    division,
    name: view.name,
    nameEn: view.nameEn,
    center: view.center,
    zoom: view.zoom,
    configured: code in REGION_VIEWS,
    bounds: view.bounds,
    districts: countiesIn(code).map(({ code, name }) => ({ code, name })),
  }
  configs.set(code, config)
  return config
}

let current = process.env.NUXT_PUBLIC_REGION?.trim() || DEFAULT_REGION

/**
 * Makes `code` the region of this process: the shared schemas check places against its box and
 * resolve district names inside it. The server calls it at start-up with runtimeConfig.public.region;
 * a CLI script gets NUXT_PUBLIC_REGION by importing this module.
 */
export function activateRegion(code: string): RegionConfig {
  const config = regionConfig(code)
  current = code
  setActiveRegion({
    code,
    name: config.name,
    bounds: config.bounds,
    resolveDistrict: (text) => {
      const { county, error } = lookupCounty(text, code)
      return county ? { code: county.code } : { error: error.message }
    },
  })
  return config
}

/** The region of this process. */
export function currentRegion(): RegionConfig {
  return regionConfig(current)
}

/** The union's name as configured (NUXT_PUBLIC_UNION_NAME), for what the CLI writes without Nitro's runtime config. */
export function unionName(): string {
  return process.env.NUXT_PUBLIC_UNION_NAME?.trim() || REGION_DEFAULTS.union.name
}

/** The name of a county-level division by code (any region: an old record may lie outside), or the code itself. */
export function districtName(code: string): string {
  return county(code)?.name ?? code
}

/**
 * A district as a spreadsheet or a message names it: its name, with its city before it when the name
 * alone means more than one county of the region (阳泉市城区), so it reads back to the same code.
 */
export function districtText(code: string, config = currentRegion()): string {
  const found = county(code)
  if (!found) return code
  if (lookupCounty(found.name, config.code).county?.code === code) return found.name
  const city = prefectureOf(code)
  return city && city.code !== code ? `${city.name}${found.name}` : code
}

/** Whether a point lies in the region's box. */
export function inRegion(point: LatLng, config = currentRegion()): boolean {
  return isInBounds(point, config.bounds)
}

/** Known county centres inside the region (shared/regions.config.ts). */
function centresIn(config: RegionConfig): Array<LatLng & { code: string }> {
  return config.districts.flatMap(({ code }) => (COUNTY_CENTRES[code] ? [{ code, ...COUNTY_CENTRES[code] }] : []))
}

/** Whether every district of the region has a known centre, so the nearest centre is a fair guess. */
export function everyCentreKnown(config = currentRegion()): boolean {
  return centresIn(config).length === config.districts.length
}

/** The known county centres of the region. */
export function districtCentres(config = currentRegion()): Array<LatLng & { code: string }> {
  return centresIn(config)
}

/**
 * Where the map starts: the configured centre, else the middle of the places' box, else China's
 * centre (a region set up without coordinates, before any place is in it).
 */
export function startPoint(places: Iterable<{ location: LatLng }>, config = currentRegion()): LatLng {
  if (config.configured) return config.center
  let box: Bounds | undefined
  for (const { location: { lat, lng } } of places) {
    box = box
      ? { south: Math.min(box.south, lat), north: Math.max(box.north, lat), west: Math.min(box.west, lng), east: Math.max(box.east, lng) }
      : { south: lat, north: lat, west: lng, east: lng }
  }
  return box ? { lat: (box.south + box.north) / 2, lng: (box.west + box.east) / 2 } : config.center
}

activateRegion(current)
