import { StationRetireSchema } from '#shared/schemas/admin'
import type { AdminStation } from '#shared/types/admin'

// Off the public map, the API and open data at once; the audit log keeps the station.
export default defineEventHandler(async (event): Promise<AdminStation> => {
  const staff = await requireStaff(event)
  const station = await requireAnyStation(event, getRouterParam(event, 'id') ?? '')
  assertMayActIn(staff, station.district)
  const { reason } = parseInput(StationRetireSchema, await readJsonBody(event, STAFF_BODY_LIMIT))
  return setRetired(event, staff, station, true, reason)
})
