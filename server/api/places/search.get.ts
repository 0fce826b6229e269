import { SearchQuerySchema } from '#shared/schemas/places'
import type { PlacesFound } from '#shared/types/place'
import { searchPlaces } from '../../search/place-search'

const PAGE_SIZE = 20

// Search every place (by name, address, district and pinyin initials, with the map's other filters),
// one page at a time: what a phone cannot do with only its own city's places. The search index finds
// the places that hold the words without asking each place (server/search/place-search.ts).
export default defineEventHandler(async (event): Promise<PlacesFound> => {
  const raw = getQuery(event) as Record<string, string | string[] | undefined>
  const { q, page, notCity, near } = parseInput(SearchQuerySchema, raw)
  // The words are the search index's to find; the map's other filters are asked of what it finds.
  const filters = { ...parseFilterQuery(raw), q: '' }
  const now = new Date()
  // What the phone holds itself: its city, and the neighbours it got with it (the same point).
  const held = notCity ? await neighbourIds(event, near ?? await defaultPoint(event, now, filters.districts), now) : new Set<string>()
  const found = searchPlaces(await placeSearchIndex(event, now), q, place => (!notCity || (cityCode(place) !== notCity && !held.has(place.id))) && matchesFilters(place, filters, now))
  setResponseHeader(event, 'Cache-Control', PUBLIC_DATA_CACHE_CONTROL)
  return {
    total: found.length,
    page,
    pageSize: PAGE_SIZE,
    places: found.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(({ id, name, kind, district, districtName, address, status, sample, location }) => ({
      id, name, kind, district, districtName, address, status, sample, location: { lat: location.lat, lng: location.lng },
    })),
  }
})
