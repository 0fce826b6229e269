import { NearQuerySchema } from '#shared/schemas/places'
import type { PlacesPage, PlacesResponse } from '#shared/types/place'

// Every place, as JSON streamed 250 at a time, 304 for a client that has this version. With `limit`
// (and the map's filters: `kind`, `amenity`, `district`, `open`, `q`, and `near=lat,lng`), the first
// places of the list of the city around `near` (the configured centre without it), nearest first.
export default defineEventHandler(async (event): Promise<PlacesResponse | PlacesPage> => {
  const now = new Date()
  const query = getQuery(event) as Record<string, string | string[] | undefined>
  setResponseHeader(event, 'Cache-Control', PUBLIC_DATA_CACHE_CONTROL)
  if (query.limit !== undefined) return placesPage(event, query, parseInput(NearQuerySchema, query).near, now)
  // Every place, streamed, with a strong ETag of the data's version (server/utils/stations/open-data.ts).
  return sendOpenData(event, 'json') as unknown as PlacesResponse
})
