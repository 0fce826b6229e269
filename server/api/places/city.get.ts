import { NearQuerySchema } from '#shared/schemas/places'
import type { CityPlaces } from '#shared/types/place'

// The places of the city around a point (the configured centre without one): what a phone lists,
// filters and keeps offline itself. JSON serialised once per city and change, not per request.
export default defineEventHandler(async (event): Promise<CityPlaces> => {
  const { near } = parseInput(NearQuerySchema, getQuery(event))
  const now = new Date()
  const city = await cityAround(event, near ?? await defaultPoint(event, now), now)
  setResponseHeader(event, 'Cache-Control', PUBLIC_DATA_CACHE_CONTROL)
  setResponseHeader(event, 'Content-Type', 'application/json; charset=utf-8')
  return `{"generatedAt":${JSON.stringify(now.toISOString())},"city":${JSON.stringify(city.code)},"places":${city.json}}` as unknown as CityPlaces
})
