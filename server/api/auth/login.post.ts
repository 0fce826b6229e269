import { LoginSchema } from '#shared/schemas/admin'
import type { StaffMember } from '#shared/types/admin'

// Unknown email, wrong password and disabled account get the same 401 after the same scrypt work.
// The per-email limit counts failures only, per email and client: someone guessing wrong on purpose
// locks only their own address out of that account, never the staff member signing in elsewhere.
export default defineEventHandler(async (event): Promise<StaffMember> => {
  assertAuthConfigured()
  const config = useRuntimeConfig().staff
  const windowMs = Number(config.loginRateLimitWindowMs)
  await enforceRateLimit(event, { name: 'login-address', points: Number(config.loginRateLimitMax), windowMs }, clientKey(event))
  const { email, password } = parseInput(LoginSchema, await readJsonBody(event, STAFF_BODY_LIMIT))
  const perEmail = { name: 'login-email', points: Number(config.loginRateLimitPerEmailMax), windowMs }
  const emailKey = `${hashedLimitKey(email)}:${clientKey(event)}`
  await assertUnderLimit(event, perEmail, emailKey)
  const staff = await authenticateStaff(useStores(), email, password)
  if (!staff) {
    countSignInFailure()
    // Never the email or the address: the request id leads to the request's own line.
    logger.warn({ requestId: event.context.requestId }, '[staff] sign-in refused: wrong email or password, or a disabled account')
    await countAgainstLimit(event, perEmail, emailKey)
    throw apiError(401, 'INVALID_CREDENTIALS', '邮箱或密码不对')
  }
  await clearLimit(event, perEmail, emailKey)
  await startStaffSession(event, staff)
  return staff
})
