import type { StationImport } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<StationImport> => {
  const staff = await requireStaff(event)
  return undoImport(event, staff, getRouterParam(event, 'id') ?? '')
})
