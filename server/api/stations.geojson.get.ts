// Open data: every place as an RFC 7946 FeatureCollection (longitude first, WGS-84), live edits included.
export default defineEventHandler(async (event) => {
  const places = await listPlaces(event)
  setResponseHeaders(event, {
    'Content-Type': 'application/geo+json; charset=utf-8',
    'Cache-Control': PUBLIC_DATA_CACHE_CONTROL,
    // Anyone may reuse the data from their own page: a public GET without credentials.
    'Access-Control-Allow-Origin': '*',
  })
  return JSON.stringify(toGeoJson(places, siteOrigin()))
})
