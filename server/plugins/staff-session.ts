// Ties nuxt-auth-utils' own session routes (/api/_auth/session) to the staff_sessions table, so they
// agree with requireStaff: a revoked session reads as signed out, and clearing it revokes the row.
export default defineNitroPlugin(() => {
  sessionHooks.hook('clear', session => revokeStaffSession(session.secure?.sid))
  sessionHooks.hook('fetch', async (_session, event) => {
    if (!(await currentStaff(event))) throw apiError(401, 'UNAUTHENTICATED', '请先登录')
  })
  const password = process.env.NUXT_SESSION_PASSWORD || useRuntimeConfig().session.password
  if (!import.meta.prerender && String(password ?? '').length < 32) {
    logger.warn('[staff] NUXT_SESSION_PASSWORD is not set (or shorter than 32 characters): staff sign-in is off.')
  }
  // The first sign-in with an unknown email would otherwise also pay for making the stand-in hash.
  void dummyStaffPasswordHash()
})
