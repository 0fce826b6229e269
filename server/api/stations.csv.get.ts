// Open data: every place as CSV for spreadsheets (UTF-8 with BOM, formula cells neutralised), live edits
// included, streamed with a strong ETag (server/utils/stations/open-data.ts).
export default defineEventHandler(event => sendOpenData(event, 'csv', {
  'Content-Disposition': 'attachment; filename="yizhan-stations.csv"',
  'Access-Control-Allow-Origin': '*',
}))
