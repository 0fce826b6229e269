import type { H3Event } from 'h3'
import { buildSearchIndex, type SearchIndex } from '../../search/place-search'
import type { Place } from '#shared/types/place'

// The search signatures of this instance's live places (server/search/place-search.ts), made at the
// first search after the places change; kept as they were when only confirmations or the day changed.
let cached: { places: readonly Place[], index: SearchIndex<Place> } | undefined

/** The search index over `places`, a list listPlaces handed out. */
export function searchIndexOf(places: readonly Place[]): SearchIndex<Place> {
  if (cached?.places !== places) cached = { places, index: measureRebuild('place_search', () => buildSearchIndex(places, cached?.index)) }
  return cached.index
}

/** The search index over the live places as they are now. */
export async function placeSearchIndex(event: H3Event, now = new Date()): Promise<SearchIndex<Place>> {
  return searchIndexOf(await listPlaces(event, now))
}
