import { Readable } from 'node:stream'
import { NearQuerySchema } from '#shared/schemas/places'
import type { CityPlaces } from '#shared/types/place'

// The places of the city around a point (without one, the city of the filter's `district`, or the
// configured centre's): what a phone lists, filters and keeps offline itself. JSON serialised once per
// city and change while the city is among those asked lately (server/utils/stations/city.ts), not per
// request.
export default defineEventHandler(async (event): Promise<CityPlaces> => {
  const query = getQuery(event) as Record<string, string | string[] | undefined>
  const { near } = parseInput(NearQuerySchema, query)
  const now = new Date()
  const city = await cityAround(event, near ?? await defaultPoint(event, now, parseFilterQuery(query).districts), now)
  setResponseHeader(event, 'Cache-Control', PUBLIC_DATA_CACHE_CONTROL)
  setResponseHeader(event, 'Content-Type', 'application/json; charset=utf-8')
  const head = `{"generatedAt":${JSON.stringify(now.toISOString())},"city":${JSON.stringify(city.code)},"places":`
  // The kept bytes as they are, not copied into one string first.
  return sendStream(event, Readable.from([Buffer.from(head), ...city.json(), Buffer.from('}')])) as unknown as CityPlaces
})
