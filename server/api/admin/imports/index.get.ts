import type { StationImportListing } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<StationImportListing[]> => {
  const staff = await requireStaff(event)
  return recentImports(staff)
})
