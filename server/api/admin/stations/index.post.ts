import { StationCreateSchema } from '#shared/schemas/admin'
import { parseDistrict } from '../../../spreadsheet/words'
import type { StationRecord } from '#shared/types/admin'

// On the public map at once, like a live edit.
export default defineEventHandler(async (event): Promise<StationRecord> => {
  const staff = await requireStaff(event)
  const body = await readJsonBody(event, STAFF_BODY_LIMIT)
  // The district is checked before the rest, so an editor learns first that it is not theirs.
  const written = (body as { district?: unknown } | null)?.district
  const district = typeof written === 'string' ? parseDistrict(written) : undefined
  if (district) assertMayActIn(staff, district)
  const station = await createStation(event, staff, parseInput(StationCreateSchema, body))
  setResponseStatus(event, 201)
  return station
})
