import { randomBytes, randomUUID } from 'node:crypto'
import type { Selectable, Updateable } from 'kysely'
import type { StaffRole } from '../../../shared/schemas/admin'
import type { StaffMember } from '../../../shared/types/admin'
import type { District } from '../../../shared/utils/vocabulary'
import type { StaffTable } from '../schema'
import type { Executor } from './executor'

/** A staff account with its password hash: for sign-in only, never sent anywhere. */
export interface StaffCredentials extends StaffMember {
  passwordHash: string
}

export interface NewStaff {
  email: string
  passwordHash: string
  role: StaffRole
  district: District | null
}

export interface StaffChanges {
  role?: StaffRole
  district?: District | null
  disabledAt?: string | null
  passwordHash?: string
}

/** Staff accounts. Nothing is deleted: an account is disabled. */
export interface StaffStore {
  /** Creates an account; undefined when the email is taken. */
  create(staff: NewStaff, now?: Date): Promise<StaffMember | undefined>
  byId(id: string): Promise<StaffMember | undefined>
  /** The account and its hash, by lower-case email. */
  credentials(email: string): Promise<StaffCredentials | undefined>
  list(): Promise<StaffMember[]>
  update(id: string, changes: StaffChanges): Promise<StaffMember | undefined>
  /** Admins that are not disabled. */
  activeAdminCount(): Promise<number>
}

const member = (row: Selectable<StaffTable>): StaffMember => ({
  id: row.id, email: row.email, role: row.role, district: row.district, disabledAt: row.disabled_at, createdAt: row.created_at,
})

export function createStaffStore(db: Executor): StaffStore {
  const byId = (id: string) => db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst()
  return {
    async create(staff, now = new Date()) {
      const id = randomUUID()
      const row = await db.insertInto('staff')
        .values({ id, email: staff.email.toLowerCase(), password_hash: staff.passwordHash, role: staff.role, district: staff.district, created_at: now.toISOString() })
        .onConflict(oc => oc.column('email').doNothing())
        .returningAll()
        .executeTakeFirst()
      return row && member(row)
    },
    async byId(id) {
      const row = await byId(id)
      return row && member(row)
    },
    async credentials(email) {
      const row = await db.selectFrom('staff').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
      return row && { ...member(row), passwordHash: row.password_hash }
    },
    async list() {
      return (await db.selectFrom('staff').selectAll().orderBy('created_at').orderBy('email').execute()).map(member)
    },
    async update(id, changes) {
      const set: Updateable<StaffTable> = {}
      if (changes.role !== undefined) set.role = changes.role
      if (changes.district !== undefined) set.district = changes.district
      if (changes.disabledAt !== undefined) set.disabled_at = changes.disabledAt
      if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash
      const row = Object.keys(set).length
        ? await db.updateTable('staff').set(set).where('id', '=', id).returningAll().executeTakeFirst()
        : await byId(id)
      return row && member(row)
    },
    async activeAdminCount() {
      const { n } = await db.selectFrom('staff').select(eb => eb.fn.countAll<string | number>().as('n'))
        .where('role', '=', 'admin').where('disabled_at', 'is', null).executeTakeFirstOrThrow()
      return Number(n)
    },
  }
}

export interface SessionLimits {
  /** A session unused this long has expired (refreshed on each use). */
  idleMs: number
  /** A session this old has expired, used or not. */
  maxAgeMs: number
}

/**
 * Staff sign-ins. The sealed cookie carries only a session id; this record lets logout and
 * disabling an account take a cookie back, and enforces idle and absolute expiry on the server.
 */
export interface StaffSessionStore {
  /** Records a new sign-in; returns its id. */
  start(staffId: string, now?: Date): Promise<string>
  /** The staff id of a live session, marking it used; undefined when revoked or expired. */
  resume(id: string, limits: SessionLimits, now?: Date): Promise<string | undefined>
  revoke(id: string, now?: Date): Promise<void>
  /** Revokes every session of one account (disabled, password changed). */
  revokeAll(staffId: string, now?: Date): Promise<void>
}

// Writing the last-seen time on every request would cost a synced write each: once a minute is
// enough (or a tenth of a short idle limit).
const TOUCH_EVERY_MS = 60_000

export function createStaffSessionStore(db: Executor): StaffSessionStore {
  return {
    async start(staffId, now = new Date()) {
      const id = randomBytes(24).toString('base64url')
      await db.insertInto('staff_sessions').values({ id, staff_id: staffId, created_at: now.toISOString(), last_seen_at: now.toISOString() }).execute()
      return id
    },
    async resume(id, { idleMs, maxAgeMs }, now = new Date()) {
      const row = await db.selectFrom('staff_sessions').selectAll().where('id', '=', id).executeTakeFirst()
      if (!row || row.revoked_at) return undefined
      const t = now.getTime()
      const lastSeen = Date.parse(row.last_seen_at)
      if (t - Date.parse(row.created_at) >= maxAgeMs || t - lastSeen >= idleMs) return undefined
      if (t - lastSeen >= Math.min(TOUCH_EVERY_MS, idleMs / 10)) {
        await db.updateTable('staff_sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute()
      }
      return row.staff_id
    },
    async revoke(id, now = new Date()) {
      await db.updateTable('staff_sessions').set({ revoked_at: now.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).execute()
    },
    async revokeAll(staffId, now = new Date()) {
      await db.updateTable('staff_sessions').set({ revoked_at: now.toISOString() }).where('staff_id', '=', staffId).where('revoked_at', 'is', null).execute()
    },
  }
}
