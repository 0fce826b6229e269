import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type AppDatabase } from '../../server/database/connection'
import { migrationsFor } from '../../server/database/migrations'
import type { ChangeCounter } from '../../server/database/schema'
import { createStores, type Stores } from '../../server/database/stores'
import { groupCommit } from '../../server/database/stores/group-commit'
import { authenticateStaff, createStaffAccount, StaffAccountError, updateStaffAccount } from '../../server/utils/staff/accounts'
import { ProblemSuggestionSchema, SuggestionSchema, type Suggestion } from '../../shared/schemas/suggestion'
import type { StationInput } from '../../shared/schemas/station'
import { runScript } from '../support/script'
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/services'

// One contract for every store, run against each database this run has (SQLite always, PostgreSQL
// with TEST_DATABASE_URL): the same calls must give the same answers on both.

const root = resolve(import.meta.dirname, '../..')
const fixture = resolve(root, 'tests/fixtures/databases/sqlite-v2.sql')
/** Every migration, in the order they apply. */
const MIGRATION_NAMES = Object.keys(migrationsFor('sqlite')).sort()

// Made by the shared schema, as the route hands them to the store.
const confirm = (stationId = 'station-a', id = randomUUID()): Suggestion => SuggestionSchema.parse({ kind: 'confirm', id, stationId })
const problem = (stationId = 'station-a', note = '门锁着 <script>alert(1)</script> 🔒'): Suggestion & { kind: 'problem' } =>
  ProblemSuggestionSchema.parse({ kind: 'problem', id: randomUUID(), stationId, reason: 'other', note, contact: 'wx_rider', fillMs: 5000 })
const at = (iso: string) => new Date(iso)

const station: StationInput = {
  name: '测试驿站', kind: 'rest-station', district: '榆次区', address: '榆次区测试路 1 号',
  location: { lat: 37.7, lng: 112.76, precision: 'exact' }, amenities: ['water'], hours: '24/7',
  operator: '榆次区总工会', audience: ['outdoor-workers'], sample: false, source: { name: '测试' },
}

describe.each(DIALECTS)('stores on %s', (dialect) => {
  let database: TestDatabase
  let app: AppDatabase
  let stores: Stores
  const committed: Array<ReadonlySet<ChangeCounter>> = []

  beforeAll(async () => {
    database = await freshDatabase(dialect)
    app = openDatabase(database.target)
    expect(await migrateToLatest(app)).toEqual(MIGRATION_NAMES)
    stores = createStores(app.db, changed => committed.push(changed))
  })
  afterAll(async () => {
    await app?.close()
    await database?.drop()
  })

  describe('migrations', () => {
    it('apply once: a second run has nothing to do', async () => {
      expect(await migrateToLatest(app)).toEqual([])
    })

    it('two processes migrating one new database at once (npm run db:migrate) both succeed, each migration applied once', async () => {
      const other = await freshDatabase(dialect)
      try {
        const results = await Promise.all([runScript('scripts/db-migrate.ts', [], { DATABASE_URL: other.url }), runScript('scripts/db-migrate.ts', [], { DATABASE_URL: other.url })])
        expect(results.map(r => r.code)).toEqual([0, 0])
        const applied = results.flatMap(r => /applied\) (.+)$/m.exec(r.output)?.[1]?.split(', ') ?? [])
        expect(applied.sort()).toEqual(MIGRATION_NAMES)
        const own = openDatabase(other.target)
        expect(await createStores(own.db).changes.versions()).toEqual({ stations: 1, confirmations: 1, imports: 1 })
        await own.close()
      }
      finally {
        await other.drop()
      }
    })
  })

  describe('durability', () => {
    it('commits to disk before a write returns, whatever the server\'s default', async () => {
      if (dialect === 'sqlite') {
        expect((await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(app.db)).rows[0]!.journal_mode).toBe('wal')
        expect((await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(app.db)).rows[0]!.synchronous).toBe(2) // FULL
        return
      }
      const name = new URL(database.url).pathname.slice(1)
      await sql.raw(`ALTER DATABASE ${name} SET synchronous_commit = off`).execute(app.db)
      const fresh = openDatabase(database.target)
      try {
        expect((await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(fresh.db)).rows[0]!.synchronous_commit).toBe('on')
      }
      finally {
        await fresh.close()
      }
    })
  })

  describe('suggestions', () => {
    it('stores a suggestion once per id: a retry is "repeated", another body under the same id a conflict', async () => {
      const suggestion = problem()
      expect(await stores.suggestions.save(suggestion)).toEqual({ outcome: 'created', receipt: { id: suggestion.id, status: 'pending' } })
      // fillMs and the honeypot may differ between retries of one submission.
      expect(await stores.suggestions.save({ ...suggestion, fillMs: 9000 })).toEqual({ outcome: 'repeated', receipt: { id: suggestion.id, status: 'pending' } })
      expect(await stores.suggestions.save({ ...suggestion, note: '另一件事' })).toEqual({ outcome: 'conflict' })
    })

    it('keeps text exactly as sent, the contact apart from the body, and the client hash', async () => {
      const suggestion = problem('station-b', '  第 1 条：<b>粗体</b> & "引号" 🔒')
      await stores.suggestions.save(suggestion, { now: at('2026-11-01T02:03:04.005Z'), clientHash: 'hash-1' })
      const stored = await stores.suggestions.get(suggestion.id)
      const { contact: _contact, ...body } = suggestion
      expect(stored).toEqual({
        id: suggestion.id, kind: 'problem', stationId: 'station-b', status: 'pending', body, contact: 'wx_rider',
        createdAt: '2026-11-01T02:03:04.005Z', reviewedBy: null, reviewedAt: null, reviewReason: null, duplicateOf: null, clientHash: 'hash-1', district: null, unverified: null,
      })
      expect(await stores.suggestions.get(randomUUID())).toBeUndefined()
    })

    it('saves a batch in one call with an answer each, a repeated id within the batch included', async () => {
      const first = confirm('station-c')
      const second = problem('station-c')
      const results = await stores.suggestions.saveMany([
        { suggestion: first }, { suggestion: second }, { suggestion: first }, { suggestion: { ...second, note: '改了' } },
      ])
      expect(results).toEqual([
        { outcome: 'created', receipt: { id: first.id, status: 'pending' } },
        { outcome: 'created', receipt: { id: second.id, status: 'pending' } },
        { outcome: 'repeated', receipt: { id: first.id, status: 'pending' } },
        { outcome: 'conflict' },
      ])
      expect(await stores.suggestions.saveMany([])).toEqual([])
    })

    it('finds by kind, status, station and time, newest first', async () => {
      const ids = [confirm('station-find'), problem('station-find'), confirm('station-find')]
      await stores.suggestions.save(ids[0]!, { now: at('2026-10-01T00:00:00.000Z') })
      await stores.suggestions.save(ids[1]!, { now: at('2026-10-02T00:00:00.000Z') })
      await stores.suggestions.save(ids[2]!, { now: at('2026-10-03T00:00:00.000Z') })
      const found = await stores.suggestions.find({ stationId: 'station-find' })
      expect(found.map(s => s.id)).toEqual([ids[2]!.id, ids[1]!.id, ids[0]!.id])
      expect((await stores.suggestions.find({ stationId: 'station-find', kind: 'confirm' })).map(s => s.id)).toEqual([ids[2]!.id, ids[0]!.id])
      expect((await stores.suggestions.find({ stationId: 'station-find', since: '2026-10-02T00:00:00.000Z' })).map(s => s.id)).toEqual([ids[2]!.id, ids[1]!.id])
      expect(await stores.suggestions.find({ stationId: 'station-find', status: 'accepted' })).toEqual([])
    })

    it('records one review of a pending suggestion, and refuses a second', async () => {
      const suggestion = problem('station-review')
      await stores.suggestions.save(suggestion)
      expect(await stores.suggestions.review(suggestion.id, { status: 'rejected', by: 'staff-1', reason: '不实' }, at('2026-11-02T00:00:00.000Z'))).toBe(true)
      expect(await stores.suggestions.review(suggestion.id, { status: 'accepted', by: 'staff-2' })).toBe(false)
      expect(await stores.suggestions.get(suggestion.id)).toMatchObject({ status: 'rejected', reviewedBy: 'staff-1', reviewedAt: '2026-11-02T00:00:00.000Z', reviewReason: '不实' })
      expect(await stores.suggestions.review(randomUUID(), { status: 'accepted', by: 'staff-1' })).toBe(false)
    })

    it('keeps each station\'s last confirmation as confirmations arrive, and drops one turned down', async () => {
      const older = confirm('station-conf')
      const newer = confirm('station-conf')
      // Confirms that count come from a checked form with a sender (tests/stores/confirmations.test.ts).
      await stores.suggestions.save(newer, { now: at('2026-11-05T00:00:00.000Z'), confirmSender: 'sender-1' })
      await stores.suggestions.save(older, { now: at('2026-11-04T00:00:00.000Z'), confirmSender: 'sender-2' })
      expect((await stores.suggestions.lastConfirmations()).get('station-conf')).toBe('2026-11-05T00:00:00.000Z')
      await stores.suggestions.review(newer.id, { status: 'rejected', by: 'staff-1' })
      expect((await stores.suggestions.lastConfirmations()).get('station-conf')).toBe('2026-11-04T00:00:00.000Z')
      await stores.suggestions.review(older.id, { status: 'duplicate', by: 'staff-1', duplicateOf: newer.id })
      expect((await stores.suggestions.lastConfirmations()).has('station-conf')).toBe(false)
    })
  })

  describe('change counters', () => {
    it('move with station changes and confirmations, and are reported after the commit only', async () => {
      const before = await stores.changes.versions()
      committed.length = 0
      await stores.overrides.put('station-x', { status: 'closed' }, 'staff-1')
      await stores.suggestions.save(confirm('station-x'), { confirmSender: 'sender-1' })
      await stores.suggestions.save(problem('station-x'))
      expect(await stores.changes.versions()).toEqual({ ...before, stations: before.stations + 1, confirmations: before.confirmations + 1 })
      expect(committed.map(set => [...set])).toEqual([['stations'], ['confirmations']])

      committed.length = 0
      await expect(stores.transaction(async (tx) => {
        await tx.overrides.put('station-x', { status: 'open' }, 'staff-1')
        throw new Error('changed my mind')
      })).rejects.toThrow('changed my mind')
      expect(committed).toEqual([])
      expect(await stores.changes.versions()).toEqual({ ...before, stations: before.stations + 1, confirmations: before.confirmations + 1 })
      expect((await stores.overrides.get('station-x'))!.fields).toEqual({ status: 'closed' })
    })
  })

  describe('transactions', () => {
    it('land every write or none', async () => {
      const email = `tx-${randomUUID().slice(0, 8)}@example.org`
      await expect(stores.transaction(async (tx) => {
        const staff = await tx.staff.create({ email, passwordHash: 'h', role: 'editor', district: null })
        await tx.audit.write({ actor: 'system', entity: 'staff', entityId: staff!.id, action: 'create' })
        throw new Error('roll back')
      })).rejects.toThrow('roll back')
      expect(await stores.staff.credentials(email)).toBeUndefined()
      const staff = await stores.transaction(async (tx) => {
        const created = await tx.staff.create({ email, passwordHash: 'h', role: 'editor', district: null })
        await tx.audit.write({ actor: 'system', entity: 'staff', entityId: created!.id, action: 'create' })
        return created!
      })
      expect((await stores.audit.forEntity('staff', staff.id)).map(e => e.action)).toEqual(['create'])
    })
  })

  describe('group commit', () => {
    it('writes a burst of saves in a few transactions, each caller getting its own answer once committed', async () => {
      const batches: number[] = []
      const save = groupCommit<{ suggestion: Suggestion }, unknown>(async (items) => {
        batches.push(items.length)
        return stores.suggestions.saveMany(items)
      })
      const suggestions = Array.from({ length: 60 }, (_, i) => confirm(`station-burst-${i % 5}`))
      const results = await Promise.all(suggestions.map(suggestion => save({ suggestion })))
      expect(results).toEqual(suggestions.map(s => ({ outcome: 'created', receipt: { id: s.id, status: 'pending' } })))
      expect(batches.reduce((a, b) => a + b, 0)).toBe(60)
      expect(batches.length).toBeLessThan(10)
      for (const suggestion of suggestions) expect((await stores.suggestions.get(suggestion.id))?.id).toBe(suggestion.id)
    })

    it('does not fail the others when one item of a batch cannot be stored', async () => {
      const save = groupCommit((items: Array<{ suggestion: Suggestion }>) => stores.suggestions.saveMany(items))
      const good = [confirm('station-g'), confirm('station-g'), problem('station-g')]
      // A kind the schema never lets through: the database's CHECK refuses the row.
      const bad = { ...confirm('station-g'), kind: 'bogus' } as unknown as Suggestion
      const settled = await Promise.allSettled([...good, bad].map(suggestion => save({ suggestion })))
      expect(settled.map(s => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected'])
      for (const suggestion of good) expect(await stores.suggestions.get(suggestion.id)).toBeDefined()
      expect(await stores.suggestions.get(bad.id)).toBeUndefined()
    })
  })

  describe('station overrides and additions', () => {
    it('replace a station\'s override with each change', async () => {
      await stores.overrides.put('station-o', { status: 'closed', statusNote: '装修' }, 'staff-1', at('2026-11-01T00:00:00.000Z'))
      const second = await stores.overrides.put('station-o', { status: 'open', statusNote: null }, 'staff-2', at('2026-11-02T00:00:00.000Z'))
      expect(second).toEqual({ stationId: 'station-o', fields: { status: 'open', statusNote: null }, updatedAt: '2026-11-02T00:00:00.000Z', updatedBy: 'staff-2' })
      expect(await stores.overrides.get('station-o')).toEqual(second)
      expect((await stores.overrides.all()).get('station-o')).toEqual(second)
      expect(await stores.overrides.get('no-such-station')).toBeUndefined()
    })

    it('add a station once per id, retire it, and never give its id again', async () => {
      expect(await stores.additions.add('added-1', station, 'staff-1', at('2026-11-01T00:00:00.000Z'))).toBe(true)
      expect(await stores.additions.add('added-1', station, 'staff-2')).toBe(false)
      expect(await stores.additions.get('added-1')).toEqual({ id: 'added-1', record: station, createdAt: '2026-11-01T00:00:00.000Z', createdBy: 'staff-1', retiredAt: null })
      expect((await stores.additions.active()).map(a => a.id)).toContain('added-1')
      await stores.additions.retire('added-1', at('2026-11-03T00:00:00.000Z'))
      expect((await stores.additions.active()).map(a => a.id)).not.toContain('added-1')
      expect((await stores.additions.get('added-1'))!.retiredAt).toBe('2026-11-03T00:00:00.000Z')
      expect(await stores.additions.ids()).toContain('added-1')
      expect(await stores.additions.add('added-1', station, 'staff-1')).toBe(false)
    })
  })

  describe('audit log', () => {
    it('keeps every change of an entity in order, with JSON before and after', async () => {
      const entityId = `station-${randomUUID().slice(0, 8)}`
      const first = await stores.audit.write({ actor: 'staff-1', entity: 'station', entityId, action: 'edit', before: { status: 'open' }, after: { status: 'closed' }, reason: '装修' }, at('2026-11-01T00:00:00.000Z'))
      const second = await stores.audit.write({ actor: 'staff-2', entity: 'station', entityId, action: 'accept-suggestion', after: { hours: '24/7' }, suggestionId: 's-1' })
      expect(second).toBeGreaterThan(first)
      expect(await stores.audit.forEntity('station', entityId)).toEqual([
        { id: first, at: '2026-11-01T00:00:00.000Z', actor: 'staff-1', entity: 'station', entityId, action: 'edit', before: { status: 'open' }, after: { status: 'closed' }, reason: '装修', suggestionId: null, batchId: null },
        { id: second, at: expect.any(String), actor: 'staff-2', entity: 'station', entityId, action: 'accept-suggestion', before: null, after: { hours: '24/7' }, reason: null, suggestionId: 's-1', batchId: null },
      ])
    })
  })

  describe('spreadsheet imports', () => {
    it('keep a preview, move on once (preview → applied → undone), and list the newest first', async () => {
      const id = randomUUID()
      const plan = { added: [{ line: 2, station }] }
      await stores.imports.create({ id, fileName: '名单.xlsx', plan, summary: { added: 1 }, by: 'staff-1' }, at('2026-11-02T00:00:00.000Z'))
      expect(await stores.imports.get(id)).toMatchObject({ id, fileName: '名单.xlsx', status: 'preview', plan, summary: { added: 1 }, createdBy: 'staff-1', appliedLines: null })
      expect(await stores.imports.advance(id, 'applied', 'undone', 'staff-1')).toBe(false)
      // Two instances applying one preview at once: one wins.
      const tries = await Promise.all([1, 2].map(() => stores.imports.advance(id, 'preview', 'applied', 'staff-2', at('2026-11-02T01:00:00.000Z'), [2])))
      expect(tries.sort()).toEqual([false, true])
      expect(await stores.imports.get(id)).toMatchObject({ status: 'applied', appliedLines: [2], appliedBy: 'staff-2', appliedAt: '2026-11-02T01:00:00.000Z' })
      expect(await stores.imports.advance(id, 'applied', 'undone', 'staff-1')).toBe(true)
      const newer = randomUUID()
      await stores.imports.create({ id: newer, fileName: 'b.csv', plan: {}, summary: {}, by: 'staff-1' })
      const recent = await stores.imports.recent(2)
      expect(recent.map(row => row.id)).toEqual([newer, id])
      expect(recent[0]).not.toHaveProperty('plan')
    })

    it('find every audit row of a batch', async () => {
      const batchId = randomUUID()
      const first = await stores.audit.write({ actor: 'staff-1', entity: 'station', entityId: 'a', action: 'import', before: null, after: station, batchId })
      await stores.audit.write({ actor: 'staff-1', entity: 'station', entityId: 'b', action: 'edit', after: { name: 'x' } })
      const third = await stores.audit.write({ actor: 'staff-1', entity: 'station', entityId: 'c', action: 'import', before: { name: '旧' }, after: { name: '新' }, batchId })
      expect((await stores.audit.forBatch(batchId)).map(row => [row.id, row.entityId, row.batchId])).toEqual([[first, 'a', batchId], [third, 'c', batchId]])
    })
  })

  describe('settings', () => {
    it('hold a client-hash secret made for this database', async () => {
      expect(await stores.settings.get('client_hash_secret')).toMatch(/^[0-9a-f]{64}$/)
      expect(await stores.settings.get('no-such-setting')).toBeUndefined()
    })
  })

  describe('staff accounts', () => {
    const email = () => `staff-${randomUUID().slice(0, 8)}@example.org`
    const add = (address = email(), role: 'admin' | 'editor' = 'editor', district: '榆次区' | null = null) =>
      createStaffAccount(stores, { email: address, password: 'a long password', role, district }, 'system')

    it('creates an account without exposing its hash, and records who created it', async () => {
      const address = email()
      const staff = await add(address, 'editor', '榆次区')
      expect(staff).toEqual({ id: expect.any(String), email: address, role: 'editor', district: '榆次区', disabledAt: null, createdAt: expect.any(String) })
      expect(JSON.stringify(await stores.staff.list())).not.toContain('scrypt')
      const [entry] = await stores.audit.forEntity('staff', staff.id)
      expect(entry).toMatchObject({ actor: 'system', action: 'create', after: staff })
      expect(JSON.stringify(entry)).not.toContain('scrypt')
    })

    it('refuses a second account with the same email, whatever its case', async () => {
      const address = email()
      await add(address)
      await expect(add(address)).rejects.toMatchObject({ code: 'STAFF_EXISTS' })
      expect(await stores.staff.create({ email: address.toUpperCase(), passwordHash: 'h', role: 'editor', district: null })).toBeUndefined()
      expect((await stores.staff.credentials(address.toUpperCase()))?.email).toBe(address)
    })

    it('rejects an upper-case email at the database', async () => {
      await expect(app.db.insertInto('staff').values({ id: randomUUID(), email: 'A@B.C', password_hash: 'h', role: 'editor', created_at: 'now' }).execute()).rejects.toThrow(/check/i)
    })

    it('signs in with the right password only, and never a disabled account', async () => {
      const address = email()
      const staff = await add(address)
      expect(await authenticateStaff(stores, address, 'a long password')).toEqual(staff)
      expect(await authenticateStaff(stores, address, 'a wrong password')).toBeUndefined()
      expect(await authenticateStaff(stores, 'nobody@example.org', 'a long password')).toBeUndefined()
      await add(email(), 'admin')
      await updateStaffAccount(stores, staff.id, { disabled: true }, 'system')
      expect(await authenticateStaff(stores, address, 'a long password')).toBeUndefined()
    })

    it('ends every session of an account when it is disabled or its password changes', async () => {
      const staff = await add()
      const limits = { idleMs: 3_600_000, maxAgeMs: 7_200_000 }
      const first = await stores.sessions.start(staff.id)
      expect(await stores.sessions.resume(first, limits)).toBe(staff.id)
      await updateStaffAccount(stores, staff.id, { password: 'another long password' }, 'system')
      expect(await stores.sessions.resume(first, limits)).toBeUndefined()
      const second = await stores.sessions.start(staff.id)
      await add(email(), 'admin')
      await updateStaffAccount(stores, staff.id, { disabled: true }, 'system')
      expect(await stores.sessions.resume(second, limits)).toBeUndefined()
      expect((await stores.audit.forEntity('staff', staff.id)).map(e => e.action)).toEqual(['create', 'update', 'disable'])
      expect(JSON.stringify(await stores.audit.forEntity('staff', staff.id))).not.toContain('another long password')
    })

    it('keeps at least one active admin', async () => {
      const other = await freshDatabase(dialect)
      const own = openDatabase(other.target)
      try {
        await migrateToLatest(own)
        const ownStores = createStores(own.db)
        const make = (role: 'admin' | 'editor') => createStaffAccount(ownStores, { email: email(), password: 'a long password', role, district: null }, 'system')
        const admin = await make('admin')
        await expect(updateStaffAccount(ownStores, admin.id, { disabled: true }, 'system')).rejects.toBeInstanceOf(StaffAccountError)
        await expect(updateStaffAccount(ownStores, admin.id, { role: 'editor' }, 'system')).rejects.toMatchObject({ code: 'LAST_ADMIN' })
        const second = await make('admin')
        expect((await updateStaffAccount(ownStores, admin.id, { role: 'editor' }, 'system')).role).toBe('editor')
        await expect(updateStaffAccount(ownStores, second.id, { disabled: true }, 'system')).rejects.toMatchObject({ code: 'LAST_ADMIN' })
        expect(await ownStores.staff.activeAdminCount()).toBe(1)
      }
      finally {
        await own.close()
        await other.drop()
      }
    })
  })

  describe('staff sessions', () => {
    it('expire when idle and at their absolute age, and refresh on use', async () => {
      const staff = await stores.staff.create({ email: `s-${randomUUID().slice(0, 8)}@example.org`, passwordHash: 'h', role: 'editor', district: null })
      const t0 = new Date('2026-06-01T00:00:00Z')
      const minutes = (n: number) => new Date(t0.getTime() + n * 60_000)
      const limits = { idleMs: 30 * 60_000, maxAgeMs: 120 * 60_000 }
      const id = await stores.sessions.start(staff!.id, t0)
      expect(await stores.sessions.resume(id, limits, minutes(25))).toBe(staff!.id)
      expect(await stores.sessions.resume(id, limits, minutes(50))).toBe(staff!.id) // 25 min after the last use
      expect(await stores.sessions.resume(id, limits, minutes(75))).toBe(staff!.id)
      expect(await stores.sessions.resume(id, limits, minutes(100))).toBe(staff!.id)
      expect(await stores.sessions.resume(id, limits, minutes(121))).toBeUndefined() // past the absolute age
      const idle = await stores.sessions.start(staff!.id, t0)
      expect(await stores.sessions.resume(idle, limits, minutes(31))).toBeUndefined()
    })

    it('are refused once revoked, and an unknown id is refused', async () => {
      const staff = await stores.staff.create({ email: `s-${randomUUID().slice(0, 8)}@example.org`, passwordHash: 'h', role: 'editor', district: null })
      const limits = { idleMs: 60_000, maxAgeMs: 60_000 }
      const id = await stores.sessions.start(staff!.id)
      await stores.sessions.revoke(id)
      expect(await stores.sessions.resume(id, limits)).toBeUndefined()
      expect(await stores.sessions.resume('made-up', limits)).toBeUndefined()
    })
  })
})

describe('a SQLite database of the released schema (version 2)', () => {
  it('migrates forward with every row intact', async () => {
    const database = await freshDatabase('sqlite')
    const raw = new Database((database.target as { path: string }).path)
    raw.exec(readFileSync(fixture, 'utf8'))
    raw.close()
    const app = openDatabase(database.target)
    try {
      expect(await migrateToLatest(app)).toEqual(MIGRATION_NAMES)
      const stores = createStores(app.db)
      expect((await stores.staff.list()).map(s => [s.email, s.role, s.district])).toEqual([['admin@example.org', 'admin', null], ['editor@example.org', 'editor', '140729']])
      expect(await authenticateStaff(stores, 'admin@example.org', 'fixture password 123')).toMatchObject({ email: 'admin@example.org' })
      expect(await stores.sessions.resume('fixture-session-id', { idleMs: 1e12, maxAgeMs: 1e12 })).toBe('11111111-1111-4111-8111-111111111111')
      expect((await stores.suggestions.find()).map(s => [s.kind, s.status])).toEqual([['new-station', 'pending'], ['problem', 'accepted'], ['confirm', 'pending']])
      expect(await stores.suggestions.get('aaaaaaaa-0000-4000-8000-000000000002')).toMatchObject({ contact: 'wx_fixture', reviewReason: '已核实', body: { note: '门锁着 <b>' } })
      expect(await stores.suggestions.lastConfirmations()).toEqual(new Map([['lingshi-jingsheng-jiayouzhan', '2026-10-05T01:00:00.000Z']]))
      expect((await stores.overrides.get('jiexiu-beiguan'))!.fields).toEqual({ status: 'closed', statusNote: '装修' })
      expect((await stores.additions.active()).map(a => a.id)).toEqual(['gudingceshiyizhan'])
      expect((await stores.audit.forEntity('station', 'jiexiu-beiguan')).map(e => e.action)).toEqual(['accept-suggestion'])
      expect(await stores.audit.write({ actor: 'system', entity: 'station', entityId: 'x', action: 'edit' })).toBe(4)
      expect(await stores.settings.get('client_hash_secret')).toBe('f1xture5ecret0000000000000000000000000000000000000000000000000000')
    }
    finally {
      await app.close()
      await database.drop()
    }
  })
})
