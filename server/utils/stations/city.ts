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
  json: string
}

// Built from one list of live places (listPlaces hands out the same array until something changes).
let cached: { places: readonly Place[], byCity: Map<string, CitySet> } | undefined

/** A district's county-level code (a parsed record's district is one: server/regions/). */
export function countyCode(district: string): string | undefined {
  return /^\d{6}$/.test(district) ? district : undefined
}

/**
 * The prefecture-level division a place lies in (server/regions/divisions.ts: a municipality for its
 * districts, a county the province governs directly for itself), else its code with the last two digits 00.
 */
export function cityCode(place: Pick<Place, 'district'>): string {
  const county = countyCode(place.district)
  return county ? prefectureOf(county)?.code ?? `${county.slice(0, 4)}00` : ''
}

/**
 * The places of the city around a point: the prefecture-level division of the place nearest to it.
 * What a phone keeps offline and filters itself, whatever the size of the whole dataset.
 */
export async function cityAround(event: H3Event, point: LatLng, now = new Date()): Promise<CitySet> {
  const places = await listPlaces(event, now)
  if (cached?.places !== places) cached = { places, byCity: new Map() }
  const [closest] = nearest(await placeIndex(event, now), point, 1)
  const code = closest ? cityCode(closest) : ''
  let set = cached.byCity.get(code)
  if (!set) {
    // In the list's order, as listPlaces keeps it.
    const inCity = places.filter(place => cityCode(place) === code)
    set = { code, places: inCity, json: JSON.stringify(inCity) }
    cached.byCity.set(code, set)
  }
  return set
}

/**
 * The point the list starts at when none is known: the region's configured centre, or for a region
 * shared/regions.config.ts does not set up, the middle of its places (server/regions/region.ts).
 */
export async function defaultPoint(event: H3Event, now = new Date()): Promise<LatLng> {
  const region = currentRegion()
  return region.configured ? region.center : startPoint(await listPlaces(event, now), region)
}
