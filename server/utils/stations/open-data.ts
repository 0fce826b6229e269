import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import type { H3Event } from 'h3'
import type { Place } from '#shared/types/place'
import { CSV_HEAD, toCsvLine, toGeoJsonFeature } from '#shared/utils/open-data'

// The whole dataset as open data (issue 10): at 186,100 places one answer is tens of megabytes, so it
// is written as it is serialised, 250 places at a time, never held as one string; the
// compression middleware gzips it as it goes. A strong ETag names the data's version: a client that
// has this version gets 304 without the server serialising anything.

export type OpenDataFormat = 'json' | 'geojson' | 'csv'

/** Places serialised per chunk written: about 200 KB of JSON, and other requests run between chunks. */
const CHUNK = 250

const TYPES: Record<OpenDataFormat, string> = {
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
}

/** The same text for the same data: the format, the places' version, the build (content) and the links' origin. */
function etagOf(format: OpenDataFormat, version: string, base: string): string {
  const buildId = String(useRuntimeConfig().app.buildId ?? '')
  return `"${createHash('sha256').update(`${format}\n${version}\n${buildId}\n${base}`).digest('base64url').slice(0, 27)}"`
}

/**
 * The places of one chunk as UTF-8. Bytes, made here, so no string of the chunk waits for the socket
 * in the generator: a chunk's string is about 400 KB in V8 (two bytes a character), which a scavenge
 * finding it waiting moved to the old generation: 44 MB more old generation over the three downloads
 * at 186,100 places, 19 MB with bytes.
 */
function serialise(places: readonly Place[], from: number, item: (place: Place) => string, separator: string): Buffer {
  const part = places.slice(from, from + CHUNK).map(item).join(separator)
  return Buffer.from(from > 0 && separator ? separator + part : part)
}

async function* chunks(places: readonly Place[], head: string, item: (place: Place) => string, separator: string, tail: string): AsyncGenerator<Buffer> {
  yield Buffer.from(head)
  for (let from = 0; from < places.length; from += CHUNK) {
    yield serialise(places, from, item, separator)
    // Let other requests in between chunks: the generator alone would run on microtasks only.
    await new Promise(resolve => setImmediate(resolve))
  }
  yield Buffer.from(tail)
}

function body(format: OpenDataFormat, places: readonly Place[], builtAt: string, base: string): AsyncGenerator<Buffer> {
  switch (format) {
    case 'json':
      // What JSON.stringify({ generatedAt, places }) gives, without one string of every place.
      return chunks(places, `{"generatedAt":${JSON.stringify(builtAt)},"places":[`, place => JSON.stringify(place), ',', ']}')
    case 'geojson':
      return chunks(places, '{"type":"FeatureCollection","features":[', place => JSON.stringify(toGeoJsonFeature(place, base)), ',', ']}')
    case 'csv':
      return chunks(places, CSV_HEAD, place => toCsvLine(place, base), '', '')
  }
}

/**
 * Answers with every live place in `format`: 304 when If-None-Match names the current version, else
 * the body streamed. `generatedAt` of the JSON is when the data was computed, so the same version
 * is the same bytes.
 */
export async function sendOpenData(event: H3Event, format: OpenDataFormat, headers: Record<string, string> = {}): Promise<void> {
  const { places, version, builtAt } = await placesSnapshot(event)
  const base = siteOrigin()
  const etag = etagOf(format, version, base)
  setResponseHeaders(event, { 'Cache-Control': PUBLIC_DATA_CACHE_CONTROL, 'ETag': etag, ...headers })
  // Without a Content-Type the compression middleware leaves the empty 304 alone (no Content-Encoding).
  if (hasCurrent(event, etag)) return sendNoContent(event, 304)
  setResponseHeader(event, 'Content-Type', TYPES[format])
  // One chunk ahead of the socket at most: a slow client holds a chunk, not the dataset's worth of them.
  return sendStream(event, Readable.from(body(format, places, builtAt, base), { highWaterMark: 1 }))
}
