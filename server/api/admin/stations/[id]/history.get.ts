import type { AuditEntry } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<AuditEntry[]> => {
  const staff = await requireStaff(event)
  const station = await requireAnyStation(event, getRouterParam(event, 'id') ?? '')
  assertMayActIn(staff, station.district)
  return stationHistory(station.id)
})
