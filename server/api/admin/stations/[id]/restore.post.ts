import { StationRetireSchema } from '#shared/schemas/admin'
import type { AdminStation } from '#shared/types/admin'

// Back on the public map at once, as it was when retired.
export default defineEventHandler(async (event): Promise<AdminStation> => {
  const staff = await requireStaff(event)
  const station = await requireAnyStation(event, getRouterParam(event, 'id') ?? '')
  assertMayActIn(staff, station.district)
  const { reason } = parseInput(StationRetireSchema, await readJsonBody(event, STAFF_BODY_LIMIT))
  return setRetired(event, staff, station, false, reason)
})
