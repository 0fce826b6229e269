import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { StaffRole } from '../../shared/schemas/admin'
import type { StaffMember } from '../../shared/types/admin'
import type { District } from '../../shared/utils/vocabulary'

// Relative imports only: scripts/staff.ts loads this file with jiti, without Nitro's aliases.

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
  create(staff: NewStaff, now?: Date): StaffMember | undefined
  byId(id: string): StaffMember | undefined
  /** The account and its hash, by lower-case email. */
  credentials(email: string): StaffCredentials | undefined
  list(): StaffMember[]
  update(id: string, changes: StaffChanges): StaffMember | undefined
  /** Admins that are not disabled. */
  activeAdminCount(): number
}

interface Row { id: string, email: string, password_hash: string, role: StaffRole, district: District | null, disabled_at: string | null, created_at: string }

const member = (row: Row): StaffMember => ({
  id: row.id, email: row.email, role: row.role, district: row.district, disabledAt: row.disabled_at, createdAt: row.created_at,
})

export function createSqliteStaffStore(db: Database.Database): StaffStore {
  const insert = db.prepare(`INSERT INTO staff (id, email, password_hash, role, district, created_at)
    VALUES (@id, @email, @passwordHash, @role, @district, @createdAt) ON CONFLICT (email) DO NOTHING`)
  const byId = db.prepare<[string], Row>('SELECT * FROM staff WHERE id = ?')
  const byEmail = db.prepare<[string], Row>('SELECT * FROM staff WHERE email = ?')
  const all = db.prepare<[], Row>('SELECT * FROM staff ORDER BY created_at, email')
  const admins = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM staff WHERE role = 'admin' AND disabled_at IS NULL`)
  const columns = { role: 'role', district: 'district', disabledAt: 'disabled_at', passwordHash: 'password_hash' } as const

  return {
    create(staff, now = new Date()) {
      const id = randomUUID()
      const { changes } = insert.run({ ...staff, email: staff.email.toLowerCase(), id, createdAt: now.toISOString() })
      return changes === 1 ? member(byId.get(id)!) : undefined
    },
    byId(id) {
      const row = byId.get(id)
      return row && member(row)
    },
    credentials(email) {
      const row = byEmail.get(email.toLowerCase())
      return row && { ...member(row), passwordHash: row.password_hash }
    },
    list() {
      return all.all().map(member)
    },
    update(id, changes) {
      const keys = (Object.keys(columns) as Array<keyof typeof columns>).filter(key => changes[key] !== undefined)
      if (keys.length) {
        const set = keys.map(key => `${columns[key]} = @${key}`).join(', ')
        db.prepare(`UPDATE staff SET ${set} WHERE id = @id`).run({ ...Object.fromEntries(keys.map(key => [key, changes[key]])), id })
      }
      const row = byId.get(id)
      return row && member(row)
    },
    activeAdminCount() {
      return admins.get()!.n
    },
  }
}
