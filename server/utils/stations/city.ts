import type { H3Event } from 'h3'
import type { Place } from '#shared/types/place'
import type { LatLng } from '#shared/utils/geo'
import { nearest } from '../../spatial/place-index'

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

/** The prefecture-level division a place lies in: its county's code with the last two digits 00. */
export function cityCode(place: Pick<Place, 'district'>): string {
  const county = countyCode(place.district)
  return county ? `${county.slice(0, 4)}00` : ''
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

/** The point the map starts at when none is known: the configured centre. */
export function defaultPoint(): LatLng {
  const { center } = useRuntimeConfig().public.map
  return { lat: Number(center.lat), lng: Number(center.lng) }
}
