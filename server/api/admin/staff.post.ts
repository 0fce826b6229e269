import { StaffCreateSchema } from '#shared/schemas/admin'
import type { StaffMember } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<StaffMember> => {
  const admin = await requireStaff(event, { role: 'admin' })
  const input = parseInput(StaffCreateSchema, await readJsonBody(event, STAFF_BODY_LIMIT))
  const staff = await createStaff(admin, input)
  setResponseStatus(event, 201)
  return staff
})
