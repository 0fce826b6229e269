import { StaffUpdateSchema } from '#shared/schemas/admin'
import type { StaffMember } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<StaffMember> => {
  const admin = await requireStaff(event, { role: 'admin' })
  const update = parseInput(StaffUpdateSchema, await readJsonBody(event, STAFF_BODY_LIMIT))
  return updateStaff(admin, getRouterParam(event, 'id') ?? '', update)
})
