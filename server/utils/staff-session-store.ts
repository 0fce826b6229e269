import { randomBytes } from 'node:crypto'
import type Database from 'better-sqlite3'

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
  start(staffId: string, now?: Date): string
  /** The staff id of a live session, marking it used; undefined when revoked or expired. */
  resume(id: string, limits: SessionLimits, now?: Date): string | undefined
  revoke(id: string, now?: Date): void
  /** Revokes every session of one account (disabled, password changed). */
  revokeAll(staffId: string, now?: Date): void
}

interface Row { staff_id: string, created_at: string, last_seen_at: string, revoked_at: string | null }

// Writing the last-seen time on every request would cost a synced write each: once a minute is
// enough (or a tenth of a short idle limit).
const TOUCH_EVERY_MS = 60_000

export function createSqliteStaffSessionStore(db: Database.Database): StaffSessionStore {
  const insert = db.prepare('INSERT INTO staff_sessions (id, staff_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)')
  const byId = db.prepare<[string], Row>('SELECT staff_id, created_at, last_seen_at, revoked_at FROM staff_sessions WHERE id = ?')
  const touch = db.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?')
  const revoke = db.prepare('UPDATE staff_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
  const revokeAll = db.prepare('UPDATE staff_sessions SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL')

  return {
    start(staffId, now = new Date()) {
      const id = randomBytes(24).toString('base64url')
      insert.run(id, staffId, now.toISOString(), now.toISOString())
      return id
    },
    resume(id, { idleMs, maxAgeMs }, now = new Date()) {
      const row = byId.get(id)
      if (!row || row.revoked_at) return undefined
      const t = now.getTime()
      const lastSeen = Date.parse(row.last_seen_at)
      if (t - Date.parse(row.created_at) >= maxAgeMs || t - lastSeen >= idleMs) return undefined
      if (t - lastSeen >= Math.min(TOUCH_EVERY_MS, idleMs / 10)) touch.run(now.toISOString(), id)
      return row.staff_id
    },
    revoke(id, now = new Date()) {
      revoke.run(now.toISOString(), id)
    },
    revokeAll(staffId, now = new Date()) {
      revokeAll.run(now.toISOString(), staffId)
    },
  }
}
