import type { StationImport } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<StationImport> => {
  const staff = await requireStaff(event)
  return importAnswer(staff, getRouterParam(event, 'id') ?? '')
})
