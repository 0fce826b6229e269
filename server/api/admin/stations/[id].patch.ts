import { StationPatchSchema } from '#shared/schemas/admin'
import type { StationRecord } from '#shared/types/admin'

// Takes effect for the public at once: GET /api/stations merges the override on every request.
export default defineEventHandler(async (event): Promise<StationRecord> => {
  const staff = await requireStaff(event)
  const station = await requireStation(event, getRouterParam(event, 'id') ?? '')
  assertMayActIn(staff, station.district)
  const patch = parseInput(StationPatchSchema, await readJsonBody(event, STAFF_BODY_LIMIT))
  return editStation(event, staff, station.id, patch)
})
