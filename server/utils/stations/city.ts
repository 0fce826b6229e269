import { createHash } from 'node:crypto'
import type { H3Event } from 'h3'
import type { Place } from '#shared/types/place'
import type { LatLng } from '#shared/utils/geo'
import { nearest } from '../../spatial/place-index'
import { prefectureOf } from '../../regions/divisions'
import { currentRegion, startPoint } from '../../regions/region'

/** The places of one prefecture-level division, ready to serve. */
export interface CitySet {
  /** Its GB/T 2260 code (e.g. 140700), or '' when there are no places at all. */
  code: string
  places: Place[]
  /** When this server computed the places (ISO instant): the same in its answers until the data changes. */
  builtAt: string
  /**
   * `places` as JSON in UTF-8, in pieces to write one after another, and a digest of them: the city's
   * part serialised and hashed once per change while it is among the cities asked lately.
   */
  json: () => { pieces: Buffer[], digest: string }
}

/** A city's places as JSON in UTF-8, and their SHA-256. */
interface CityJson {
  bytes: Buffer
  digest: string
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('base64url')

/**
 * How many cities keep their JSON: at 186,100 places one is about 0.5 MB of UTF-8, and keeping every
 * city asked as a string made 276 MB after each of the 342 was asked once (issue 10: the server
 * within 500 MB). A city asked again after others is serialised again (a few ms).
 */
const CITIES_KEPT = 16

// Built from one list of live places (listPlaces hands out the same array until something changes):
// each city's places (in one pass, the first time any is asked), and the JSON of the cities asked
// lately, most recent last. Kept as bytes, which are what is sent: a string kept in V8's heap (two
// bytes a character here) was copied into bytes for each answer, and each string evicted was garbage
// in the old generation.
// Each with its hash, which a phone asking again compares (ETag): hashing the 0.5 MB again took 0.56 ms
// of every such request.
let cached: { places: readonly Place[], byCity: Map<string, Place[]>, json: Map<string, CityJson> } | undefined

function citiesOf(places: readonly Place[]): NonNullable<typeof cached> {
  if (cached?.places === places) return cached
  // In the list's order, as listPlaces keeps it.
  const byCity = new Map<string, Place[]>()
  for (const place of places) {
    const code = cityCode(place)
    const list = byCity.get(code)
    if (list) list.push(place)
    else byCity.set(code, [place])
  }
  return cached = { places, byCity, json: new Map() }
}

function cityJson(cities: NonNullable<typeof cached>, code: string, places: readonly Place[]): CityJson {
  let json = cities.json.get(code)
  if (json === undefined) {
    const bytes = Buffer.from(JSON.stringify(places))
    json = { bytes, digest: sha256(bytes) }
  }
  else cities.json.delete(code)
  cities.json.set(code, json)
  if (cities.json.size > CITIES_KEPT) cities.json.delete(cities.json.keys().next().value!)
  return json
}

/**
 * The prefecture-level division a place lies in (server/regions/divisions.ts: a municipality for its
 * districts, a county the province governs directly for itself); a parsed place's district is a county code.
 */
export function cityCode(place: Pick<Place, 'district'>): string {
  return prefectureOf(place.district)?.code ?? `${place.district.slice(0, 4)}00`
}

/** A phone's places hold, besides its city's, at least this many of the places nearest its point, wherever they are. */
export const NEIGHBOURS = 50

/**
 * The places a phone lists, filters and keeps offline around a point: those of the city around it (the
 * prefecture-level division of the place nearest to it), and the NEIGHBOURS nearest places from across
 * the city's border, so "near me" is the true nearest at a city's edge too. In the list's order, the
 * city's first; whatever the size of the whole dataset, the city's JSON is serialised once per change
 * while it is among the CITIES_KEPT asked last.
 */
export async function cityAround(event: H3Event, point: LatLng, now = new Date()): Promise<CitySet> {
  const { places, builtAt } = await placesSnapshot(event, now)
  const cities = citiesOf(places)
  const closest = nearest(await placeIndex(event, now), point, NEIGHBOURS)
  const code = closest[0] ? cityCode(closest[0]) : ''
  const inCity = cities.byCity.get(code) ?? []
  const across = closest.filter(place => cityCode(place) !== code).map(({ distance: _, ...place }) => place as Place)
  const json = () => {
    if (!across.length) {
      const own = cityJson(cities, code, inCity)
      return { pieces: [own.bytes], digest: own.digest }
    }
    const others = JSON.stringify(across)
    if (!inCity.length) return { pieces: [Buffer.from(others)], digest: sha256(others) }
    // The city's array without its `]`, then the neighbours' without their `[`.
    const own = cityJson(cities, code, inCity)
    return { pieces: [own.bytes.subarray(0, own.bytes.length - 1), Buffer.from(`,${others.slice(1)}`)], digest: `${own.digest}.${sha256(others)}` }
  }
  return { code, places: across.length ? [...inCity, ...across] : inCity, builtAt, json }
}

/** The ids of the places a phone holds around a point besides its city's (cityAround): the NEIGHBOURS nearest. */
export async function neighbourIds(event: H3Event, point: LatLng, now = new Date()): Promise<Set<string>> {
  return new Set(nearest(await placeIndex(event, now), point, NEIGHBOURS).map(place => place.id))
}

/**
 * The point the list starts at when none is known: a place of the first of `districts` (the filter's)
 * that has one, since a shared link's district may lie in a city other than the centre's; else the
 * region's configured centre, or for a region shared/regions.config.ts does not set up, the middle of
 * its places (server/regions/region.ts).
 */
export async function defaultPoint(event: H3Event, now = new Date(), districts: readonly string[] = []): Promise<LatLng> {
  const places = await listPlaces(event, now)
  for (const district of districts) {
    const place = places.find(place => place.district === district)
    if (place) return place.location
  }
  const region = currentRegion()
  return region.configured ? region.center : startPoint(places, region)
}
