// Open data: every place as an Excel workbook with the import's Chinese headers, live edits included.
export default defineEventHandler(async (event) => {
  const places = await listStations(event)
  setResponseHeaders(event, { 'Cache-Control': PUBLIC_DATA_CACHE_CONTROL, 'Access-Control-Allow-Origin': '*' })
  return sendStationTable(event, 'xlsx', places)
})
