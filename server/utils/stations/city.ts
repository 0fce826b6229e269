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
 * city's first; whatever the size of the whole dataset, the city's JSON is serialised once per change.
 */
export async function cityAround(event: H3Event, point: LatLng, now = new Date()): Promise<CitySet> {
  const places = await listPlaces(event, now)
  if (cached?.places !== places) cached = { places, byCity: new Map() }
  const closest = nearest(await placeIndex(event, now), point, NEIGHBOURS)
  const code = closest[0] ? cityCode(closest[0]) : ''
  let set = cached.byCity.get(code)
  if (!set) {
    // In the list's order, as listPlaces keeps it.
    const inCity = places.filter(place => cityCode(place) === code)
    set = { code, places: inCity, json: JSON.stringify(inCity) }
    cached.byCity.set(code, set)
  }
  const across = closest.filter(place => cityCode(place) !== code).map(({ distance: _, ...place }) => place as Place)
  if (!across.length) return set
  return { code, places: [...set.places, ...across], json: `${set.json.slice(0, -1)}${set.places.length ? ',' : ''}${JSON.stringify(across).slice(1)}` }
}

/** The ids of the places a phone holds around a point besides its city's (cityAround): the NEIGHBOURS nearest. */
export async function neighbourIds(event: H3Event, point: LatLng, now = new Date()): Promise<Set<string>> {
  return new Set(nearest(await placeIndex(event, now), point, NEIGHBOURS).map(place => place.id))
}

/**
 * The point the list starts at when none is known: the region's configured centre, or for a region
 * shared/regions.config.ts does not set up, the middle of its places (server/regions/region.ts).
 */
export async function defaultPoint(event: H3Event, now = new Date()): Promise<LatLng> {
  const region = currentRegion()
  return region.configured ? region.center : startPoint(await listPlaces(event, now), region)
}
