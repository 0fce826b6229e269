import { StationCreateSchema } from '#shared/schemas/admin'
import { DISTRICT_NAMES, type District } from '#shared/utils/vocabulary'
import type { StationRecord } from '#shared/types/admin'

// On the public map at once, like a live edit.
export default defineEventHandler(async (event): Promise<StationRecord> => {
  const staff = await requireStaff(event)
  const body = await readJsonBody(event, STAFF_BODY_LIMIT)
  // The district is checked before the rest, so an editor learns first that it is not theirs.
  const district = (body as { district?: unknown } | null)?.district
  if (DISTRICT_NAMES.includes(district as District)) assertMayActIn(staff, district as District)
  const station = await createStation(event, staff, parseInput(StationCreateSchema, body))
  setResponseStatus(event, 201)
  return station
})
