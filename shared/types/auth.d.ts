import type { StaffRole } from '../schemas/admin'
import type { District } from '../utils/vocabulary'

// What the sealed staff session cookie holds (nuxt-auth-utils). The database stays the authority:
// every staff request re-reads the account (server/utils/staff/session.ts).
declare module '#auth-utils' {
  interface User {
    id: string
    email: string
    role: StaffRole
    district: District | null
  }

  interface SecureSessionData {
    /** The sign-in's row in staff_sessions, which logout and disabling revoke. */
    sid: string
  }

  interface UserSession {
    loggedInAt?: string
  }
}

export {}
