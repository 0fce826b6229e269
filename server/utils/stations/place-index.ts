import type { H3Event } from 'h3'
import { buildPlaceIndex, type PlaceIndex } from '../../spatial/place-index'
import { placeColumns, type PlaceColumns, type SearchMatches } from '../../spatial/place-filter'
import { eachMatch } from '../../search/place-search'
import type { Place } from '#shared/types/place'

/**
 * The spatial index of the live places, with their filter columns (server/spatial/place-filter.ts)
 * and the places that hold a search, by their ids in it, from the search index of the same places.
 */
export type LivePlaceIndex = PlaceIndex<Place> & { columns: PlaceColumns, matches: SearchMatches }

function withColumns(places: readonly Place[]): LivePlaceIndex {
  const index = buildPlaceIndex(places)
  return {
    ...index,
    columns: placeColumns(places, index.order),
    matches: (words, visit) => eachMatch(searchIndexOf(places), words, i => visit(index.order[i]!)),
  }
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
