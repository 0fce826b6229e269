import type { H3Event } from 'h3'
import { buildPlaceIndex, reindex, type PlaceIndex } from '../../spatial/place-index'
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
  return withSearch({ ...index, columns: placeColumns(places, index.order) }, places)
}

function withSearch(index: PlaceIndex<Place> & { columns: PlaceColumns }, places: readonly Place[]): LivePlaceIndex {
  return { ...index, matches: (words, visit) => eachMatch(searchIndexOf(places), words, i => visit(index.order[i]!)) }
}

/**
 * Whether the index's users see two places alike, besides where they are: its filters and the search.
 * After a confirmation, a place is new but for its confirmations (server/utils/stations/places.ts).
 */
export const placesAlike = (a: Place, b: Place) => a.id === b.id && a.kind === b.kind && a.district === b.district && a.status === b.status
  && a.amenities === b.amenities && a.schedule === b.schedule && a.name === b.name && a.address === b.address
  && a.districtName === b.districtName && a.initials === b.initials

/**
 * The index of `places`, from `previous` when every place is alike in the same place (a confirmation
 * counted: building the index again took 195–334 ms at 186,100 places): its tree, cells, columns and
 * searches are kept, and the places that are new objects put in.
 */
function reindexed(places: readonly Place[], previous: NonNullable<typeof cached> | undefined): LivePlaceIndex {
  const kept = previous && reindex(previous.index, previous.places, places, placesAlike)
  return kept ? withSearch({ ...kept, columns: previous.index.columns }, places) : withColumns(places)
}

// The spatial index of this instance's live places, rebuilt when the places are (listPlaces hands out
// the same array until a station, a confirmation or the day changes), or kept when they are alike.
let cached: { places: readonly Place[], index: LivePlaceIndex } | undefined

/** The index over the live places as they are now. */
export async function placeIndex(event: H3Event, now = new Date()): Promise<LivePlaceIndex> {
  const places = await listPlaces(event, now)
  if (cached?.places !== places) cached = { places, index: measureRebuild('place_index', () => reindexed(places, cached)) }
  return cached.index
}
