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

/**
 * The staff cookie: `__Host-` prefixed when the site's URL is https (Secure, path /, this host only);
 * otherwise Secure when the request came over https (also behind a trusted proxy), since over plain
 * http (localhost, a LAN) a Secure cookie would be dropped. Passed to every session call, so the
 * runtime config (frozen at start-up) keeps its plain name.
 */
function sessionOptions(event: H3Event) {
  const name = String(useRuntimeConfig().session.name)
  return {
    name: siteIsHttps() ? `__Host-${name}` : name,
    cookie: { secure: siteIsHttps() || requestProtocol(event) === 'https', path: '/' },
  }
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
  await replaceUserSession(event, { user: { id, email, role, district }, secure: { sid }, loggedInAt: new Date().toISOString() }, sessionOptions(event))
}

/**
 * The signed-in staff member, read from the database on every request: undefined without a cookie,
 * for a revoked or expired session, and for a disabled account.
 */
export async function currentStaff(event: H3Event): Promise<StaffMember | undefined> {
  if ('staffMember' in event.context) return event.context.staffMember as StaffMember | undefined
  let staff: StaffMember | undefined
  const options = sessionOptions(event)
  if (getCookie(event, options.name) && sessionPassword().length >= MIN_SESSION_PASSWORD_LENGTH) {
    // h3's own session reader with our cookie name (nuxt-auth-utils' getUserSession takes no options).
    const { maxAge } = useRuntimeConfig().session
    const session = await useSession<{ secure?: { sid?: string } }>(event, { ...options, password: sessionPassword(), maxAge: Number(maxAge) })
    const sid = session.data.secure?.sid
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
  const options = sessionOptions(event)
  if (!getCookie(event, options.name)) return
  // The 'clear' hook (server/plugins/staff-session.ts) revokes the session row.
  await clearUserSession(event, { ...options, cookie: { ...options.cookie, maxAge: 0 } })
  event.context.staffMember = undefined
}

/** Revokes the session row a sealed session names (used by the nuxt-auth-utils 'clear' hook). */
export async function revokeStaffSession(sid: string | undefined) {
  if (sid) await useStores().sessions.revoke(sid)
}
