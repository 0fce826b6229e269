import { StaffAddSchema } from '#shared/schemas/admin'
import type { StaffAccountAnswer } from '#shared/types/admin'

// Without a password the server makes one: it is in this answer only, never stored in clear.
export default defineEventHandler(async (event): Promise<StaffAccountAnswer> => {
  const admin = await requireStaff(event, { role: 'admin' })
  const { password, ...input } = parseInput(StaffAddSchema, await readJsonBody(event, STAFF_BODY_LIMIT))
  const oneTimePassword = password ? undefined : generateStaffPassword()
  const staff = await createStaff(admin, { ...input, password: password ?? oneTimePassword! })
  setResponseStatus(event, 201)
  return oneTimePassword ? { ...staff, oneTimePassword } : staff
})
