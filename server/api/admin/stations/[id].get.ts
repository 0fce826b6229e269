import type { AdminStation } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<AdminStation> => {
  const staff = await requireStaff(event)
  const station = await requireAnyStation(event, getRouterParam(event, 'id') ?? '')
  assertMayActIn(staff, station.district)
  return adminStation(event, station)
})
