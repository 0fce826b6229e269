import type { StaffMember } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<StaffMember[]> => {
  await requireStaff(event, { role: 'admin' })
  return useStores().staff.list()
})
