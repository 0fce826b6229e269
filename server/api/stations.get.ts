import { ListQuerySchema } from '#shared/schemas/places'
import type { PlacesPage, PlacesResponse } from '#shared/types/place'

// Every place, as JSON serialised once per change (placesJson), not once per request. With `limit`
// (and the map's filters: `kind`, `amenity`, `district`, `open`, `q`, and `near=lat,lng`), the first
// places of the list of the city around `near` (the configured centre without it), nearest first.
export default defineEventHandler(async (event): Promise<PlacesResponse | PlacesPage> => {
  const now = new Date()
  const query = getQuery(event) as Record<string, string | string[] | undefined>
  setResponseHeader(event, 'Cache-Control', PUBLIC_DATA_CACHE_CONTROL)
  if (query.limit !== undefined) return placesPage(event, query, parseInput(ListQuerySchema, query).near, now)
  setResponseHeader(event, 'Content-Type', 'application/json; charset=utf-8')
  // The same bytes JSON.stringify(answer) would give, without stringifying every place again.
  return `{"generatedAt":${JSON.stringify(now.toISOString())},"places":${await placesJson(event, now)}}` as unknown as PlacesResponse
})
