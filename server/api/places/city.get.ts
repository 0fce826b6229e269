import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { NearQuerySchema } from '#shared/schemas/places'
import type { CityPlaces } from '#shared/types/place'

// The places of the city around a point (without one, the city of the filter's `district`, or the
// configured centre's): what a phone lists, filters and keeps offline itself. JSON serialised once per
// city and change while the city is among those asked lately (server/utils/stations/city.ts), not per
// request. A phone that has them already (its cache asks with If-None-Match) gets 304: opening the app
// again downloads the city only when something in it changed.
export default defineEventHandler(async (event): Promise<CityPlaces> => {
  const query = getQuery(event) as Record<string, string | string[] | undefined>
  const { near } = parseInput(NearQuerySchema, query)
  const now = new Date()
  const city = await cityAround(event, near ?? await defaultPoint(event, now, parseFilterQuery(query).districts), now)
  const { pieces, digest } = city.json()
  // Names the places sent, not `generatedAt`: instances that computed the same data at other moments
  // answer with the same tag, hence weak (and the compression middleware encodes the bytes anyway).
  const etag = `W/"${createHash('sha256').update(`${city.code}\n${digest}`).digest('base64url').slice(0, 27)}"`
  setResponseHeaders(event, { 'Cache-Control': PUBLIC_DATA_CACHE_CONTROL, 'ETag': etag })
  // Without a Content-Type the compression middleware leaves the empty 304 alone (no Content-Encoding).
  if (hasCurrent(event, etag)) return sendNoContent(event, 304) as unknown as CityPlaces
  setResponseHeader(event, 'Content-Type', 'application/json; charset=utf-8')
  const head = `{"generatedAt":${JSON.stringify(city.builtAt)},"city":${JSON.stringify(city.code)},"places":`
  // The kept bytes as they are, not copied into one string first.
  return sendStream(event, Readable.from([Buffer.from(head), ...pieces, Buffer.from('}')])) as unknown as CityPlaces
})
