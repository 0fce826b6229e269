import type { H3Event } from 'h3'
import type { StaffMember } from '#shared/types/admin'

/** iron-webcrypto, which seals the cookie, needs a password of at least 32 characters. */
const MIN_SESSION_PASSWORD_LENGTH = 32

function sessionPassword(): string {
  return String(process.env.NUXT_SESSION_PASSWORD || useRuntimeConfig().session.password || '')
}

/** 503 AUTH_NOT_CONFIGURED without a usable NUXT_SESSION_PASSWORD: staff cannot sign in, the public map is unaffected. */
export function assertAuthConfigured() {
  if (sessionPassword().length < MIN_SESSION_PASSWORD_LENGTH) {
    throw apiError(503, 'AUTH_NOT_CONFIGURED', '工作人员登录尚未配置（需要 NUXT_SESSION_PASSWORD，至少 32 个字符）')
  }
}

// Secure over https (also behind a trusted proxy); over plain http (localhost, a LAN) a Secure cookie would be dropped.
function cookieOptions(event: H3Event) {
  return { cookie: { secure: requestProtocol(event) === 'https' } }
}

function sessionLimits() {
  const config = useRuntimeConfig()
  return { idleMs: Number(config.staff.sessionIdleSeconds) * 1000, maxAgeMs: Number(config.session.maxAge) * 1000 }
}

/** Signs a staff member in: a new session row and a fresh sealed cookie carrying its id. */
export async function startStaffSession(event: H3Event, staff: StaffMember) {
  const sid = await useStores().sessions.start(staff.id)
  // Seal a new session rather than update one the request may still carry (its age would carry over).
  delete event.node.req.headers.cookie
  const { id, email, role, district } = staff
  await replaceUserSession(event, { user: { id, email, role, district }, secure: { sid }, loggedInAt: new Date().toISOString() }, cookieOptions(event))
}

/**
 * The signed-in staff member, read from the database on every request: undefined without a cookie,
 * for a revoked or expired session, and for a disabled account.
 */
export async function currentStaff(event: H3Event): Promise<StaffMember | undefined> {
  if ('staffMember' in event.context) return event.context.staffMember as StaffMember | undefined
  let staff: StaffMember | undefined
  if (getCookie(event, String(useRuntimeConfig().session.name)) && sessionPassword().length >= MIN_SESSION_PASSWORD_LENGTH) {
    const sid = (await getUserSession(event)).secure?.sid
    const stores = useStores()
    const staffId = sid ? await stores.sessions.resume(sid, sessionLimits()) : undefined
    const account = staffId ? await stores.staff.byId(staffId) : undefined
    staff = account && !account.disabledAt ? account : undefined
  }
  event.context.staffMember = staff
  return staff
}

/** Signs out: revokes the session row (so the cookie is refused even if replayed) and deletes the cookie. */
export async function endStaffSession(event: H3Event) {
  if (!getCookie(event, String(useRuntimeConfig().session.name))) return
  // The 'clear' hook (server/plugins/staff-session.ts) revokes the session row.
  await clearUserSession(event, { cookie: { ...cookieOptions(event).cookie, maxAge: 0 } })
  event.context.staffMember = undefined
}

/** Revokes the session row a sealed session names (used by the nuxt-auth-utils 'clear' hook). */
export async function revokeStaffSession(sid: string | undefined) {
  if (sid) await useStores().sessions.revoke(sid)
}
