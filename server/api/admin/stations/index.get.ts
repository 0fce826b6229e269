import { StationListQuerySchema } from '#shared/schemas/admin'
import type { AdminStationList } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<AdminStationList> => {
  const staff = await requireStaff(event)
  const query = parseInput(StationListQuerySchema, getQuery(event))
  if (query.district) assertMayActIn(staff, query.district)
  return adminStationList(event, staff, query)
})
