import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../../server/utils/db'
import { authenticateStaff, createStaffAccount, StaffAccountError, updateStaffAccount } from '../../server/utils/staff-accounts'
import { createSqliteStores, type Stores } from '../../server/utils/stores'

let stores: Stores
let db: Database.Database

beforeEach(() => {
  db = new Database(':memory:')
  migrate(db)
  stores = createSqliteStores(db)
})

const add = (email: string, role: 'admin' | 'editor' = 'editor', district: '榆次区' | null = null) =>
  createStaffAccount(stores, { email, password: 'a long password', role, district }, 'system')

describe('staff accounts', () => {
  it('creates an account without exposing its hash, and records who created it', async () => {
    const staff = await add('ed@example.org', 'editor', '榆次区')
    expect(staff).toEqual({ id: expect.any(String), email: 'ed@example.org', role: 'editor', district: '榆次区', disabledAt: null, createdAt: expect.any(String) })
    expect(JSON.stringify(stores.staff.list())).not.toContain('scrypt')
    const [entry] = stores.audit.forEntity('staff', staff.id)
    expect(entry).toMatchObject({ actor: 'system', action: 'create', after: staff })
    expect(JSON.stringify(entry)).not.toContain('scrypt')
  })

  it('refuses a second account with the same email', async () => {
    await add('ed@example.org')
    await expect(add('ed@example.org')).rejects.toMatchObject({ code: 'STAFF_EXISTS' })
  })

  it('rejects an upper-case email at the database', () => {
    expect(() => db.prepare(`INSERT INTO staff (id, email, password_hash, role, created_at) VALUES ('x', 'A@B.C', 'h', 'editor', 'now')`).run()).toThrow(/CHECK/)
  })

  it('signs in with the right password only, and never a disabled account', async () => {
    const staff = await add('ed@example.org')
    expect(await authenticateStaff(stores, 'ed@example.org', 'a long password')).toEqual(staff)
    expect(await authenticateStaff(stores, 'ed@example.org', 'a wrong password')).toBeUndefined()
    expect(await authenticateStaff(stores, 'nobody@example.org', 'a long password')).toBeUndefined()
    await add('admin@example.org', 'admin')
    await updateStaffAccount(stores, staff.id, { disabled: true }, 'system')
    expect(await authenticateStaff(stores, 'ed@example.org', 'a long password')).toBeUndefined()
  })

  it('ends every session of an account when it is disabled or its password changes', async () => {
    const staff = await add('ed@example.org')
    const limits = { idleMs: 3_600_000, maxAgeMs: 7_200_000 }
    const first = stores.sessions.start(staff.id)
    expect(stores.sessions.resume(first, limits)).toBe(staff.id)
    await updateStaffAccount(stores, staff.id, { password: 'another long password' }, 'system')
    expect(stores.sessions.resume(first, limits)).toBeUndefined()
    const second = stores.sessions.start(staff.id)
    await updateStaffAccount(stores, staff.id, { disabled: true }, 'system')
    expect(stores.sessions.resume(second, limits)).toBeUndefined()
    expect(stores.audit.forEntity('staff', staff.id).map(e => e.action)).toEqual(['create', 'update', 'disable'])
    expect(JSON.stringify(stores.audit.forEntity('staff', staff.id))).not.toContain('another long password')
  })

  it('keeps at least one active admin', async () => {
    const admin = await add('admin@example.org', 'admin')
    await expect(updateStaffAccount(stores, admin.id, { disabled: true }, 'system')).rejects.toBeInstanceOf(StaffAccountError)
    await expect(updateStaffAccount(stores, admin.id, { role: 'editor' }, 'system')).rejects.toMatchObject({ code: 'LAST_ADMIN' })
    const other = await add('second@example.org', 'admin')
    expect((await updateStaffAccount(stores, admin.id, { role: 'editor' }, 'system')).role).toBe('editor')
    await expect(updateStaffAccount(stores, other.id, { disabled: true }, 'system')).rejects.toMatchObject({ code: 'LAST_ADMIN' })
  })
})

describe('staff sessions', () => {
  it('expire when idle and at their absolute age, and refresh on use', async () => {
    const staff = await add('ed@example.org')
    const t0 = new Date('2026-06-01T00:00:00Z')
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000)
    const limits = { idleMs: 30 * 60_000, maxAgeMs: 120 * 60_000 }
    const id = stores.sessions.start(staff.id, t0)
    expect(stores.sessions.resume(id, limits, at(25))).toBe(staff.id)
    expect(stores.sessions.resume(id, limits, at(50))).toBe(staff.id) // 25 min after the last use
    expect(stores.sessions.resume(id, limits, at(75))).toBe(staff.id)
    expect(stores.sessions.resume(id, limits, at(100))).toBe(staff.id)
    expect(stores.sessions.resume(id, limits, at(121))).toBeUndefined() // past the absolute age
    const idle = stores.sessions.start(staff.id, t0)
    expect(stores.sessions.resume(idle, limits, at(31))).toBeUndefined()
  })

  it('are refused once revoked, and an unknown id is refused', async () => {
    const staff = await add('ed@example.org')
    const limits = { idleMs: 60_000, maxAgeMs: 60_000 }
    const id = stores.sessions.start(staff.id)
    stores.sessions.revoke(id)
    expect(stores.sessions.resume(id, limits)).toBeUndefined()
    expect(stores.sessions.resume('made-up', limits)).toBeUndefined()
  })
})
