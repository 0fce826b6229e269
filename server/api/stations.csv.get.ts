// Open data: every place as CSV for spreadsheets (UTF-8 with BOM, formula cells neutralised), live edits included.
export default defineEventHandler(async (event) => {
  const places = await listPlaces(event)
  setResponseHeaders(event, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="yizhan-stations.csv"',
    'Cache-Control': PUBLIC_DATA_CACHE_CONTROL,
    'Access-Control-Allow-Origin': '*',
  })
  return toCsv(places, siteOrigin())
})
