// Open data: every place as an RFC 7946 FeatureCollection (longitude first, WGS-84), live edits included,
// streamed with a strong ETag (server/utils/stations/open-data.ts).
export default defineEventHandler(event => sendOpenData(event, 'geojson', {
  // Anyone may reuse the data from their own page: a public GET without credentials.
  'Access-Control-Allow-Origin': '*',
}))
