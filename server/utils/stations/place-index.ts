import type { H3Event } from 'h3'
import { buildPlaceIndex, type PlaceIndex } from '../../spatial/place-index'
import type { Place } from '#shared/types/place'

// The spatial index of this instance's live places, rebuilt when the places are (listPlaces hands out
// the same array until a station, a confirmation or the day changes).
let cached: { places: readonly Place[], index: PlaceIndex<Place> } | undefined

/** The index over the live places as they are now. */
export async function placeIndex(event: H3Event, now = new Date()): Promise<PlaceIndex<Place>> {
  const places = await listPlaces(event, now)
  if (cached?.places !== places) cached = { places, index: measureRebuild('place_index', () => buildPlaceIndex(places)) }
  return cached.index
}
