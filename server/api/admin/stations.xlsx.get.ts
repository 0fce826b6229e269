// The stations a staff member may change, as the spreadsheet the import reads back (`?retired=1`: retired ones too).
export default defineEventHandler(async (event) => {
  const staff = await requireStaff(event)
  const { places, retired } = await staffStationTable(event, staff, getQuery(event).retired === '1')
  return sendStationTable(event, 'xlsx', places, retired)
})
