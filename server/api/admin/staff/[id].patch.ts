import { StaffUpdateSchema } from '#shared/schemas/admin'
import type { StaffAccountAnswer } from '#shared/types/admin'

// `resetPassword: true` makes a new password, in this answer only; the account is signed out everywhere.
export default defineEventHandler(async (event): Promise<StaffAccountAnswer> => {
  const admin = await requireStaff(event, { role: 'admin' })
  const { resetPassword, ...update } = parseInput(StaffUpdateSchema, await readJsonBody(event, STAFF_BODY_LIMIT))
  const oneTimePassword = resetPassword ? generateStaffPassword() : undefined
  const staff = await updateStaff(admin, getRouterParam(event, 'id') ?? '', { ...update, password: update.password ?? oneTimePassword })
  return oneTimePassword ? { ...staff, oneTimePassword } : staff
})
