import { LoginSchema } from '#shared/schemas/admin'
import type { StaffMember } from '#shared/types/admin'

// Unknown email, wrong password and disabled account get the same 401 after the same scrypt work.
export default defineEventHandler(async (event): Promise<StaffMember> => {
  assertAuthConfigured(event)
  const config = useRuntimeConfig(event).staff
  const windowMs = Number(config.loginRateLimitWindowMs)
  enforceRateLimit(event, `login:address:${clientAddress(event)}`, Number(config.loginRateLimitMax), windowMs)
  const { email, password } = parseInput(LoginSchema, await readJsonBody(event, STAFF_BODY_LIMIT))
  enforceRateLimit(event, `login:email:${email}`, Number(config.loginRateLimitPerEmailMax), windowMs)
  const staff = await authenticateStaff(useStores(), email, password)
  if (!staff) throw apiError(401, 'INVALID_CREDENTIALS', '邮箱或密码不对')
  await startStaffSession(event, staff)
  return staff
})
