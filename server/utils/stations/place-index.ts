import type { H3Event } from 'h3'
import { buildPlaceIndex, type PlaceIndex } from '../../spatial/place-index'
import { placeColumns, type PlaceColumns } from '../../spatial/place-filter'
import type { Place } from '#shared/types/place'

/** The spatial index of the live places, with their filter columns (server/spatial/place-filter.ts). */
export type LivePlaceIndex = PlaceIndex<Place> & { columns: PlaceColumns }

function withColumns(places: readonly Place[]): LivePlaceIndex {
  const index = buildPlaceIndex(places)
  return { ...index, columns: placeColumns(places, index.order) }
}

// The spatial index of this instance's live places, rebuilt when the places are (listPlaces hands out
// the same array until a station, a confirmation or the day changes).
let cached: { places: readonly Place[], index: LivePlaceIndex } | undefined

/** The index over the live places as they are now. */
export async function placeIndex(event: H3Event, now = new Date()): Promise<LivePlaceIndex> {
  const places = await listPlaces(event, now)
  if (cached?.places !== places) cached = { places, index: measureRebuild('place_index', () => withColumns(places)) }
  return cached.index
}
