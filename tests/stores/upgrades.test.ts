import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadExport, readExportSummary, type ExportSummary } from '../../scripts/lib/database-export'
import { migrateToLatest, openDatabase, type AppDatabase } from '../../server/database/connection'
import { migrationsFor } from '../../server/database/migrations'
import { createStores, type Stores } from '../../server/database/stores'
import { authenticateStaff } from '../../server/utils/staff/accounts'
import { DIALECTS, freshDatabase, type Dialect, type TestDatabase } from '../support/services'

// Every released schema version has a fixture (tests/fixtures/databases/at-<migration>.sql, made by
// make-fixture.ts there): a database as that release left it. Each is loaded on every database this
// run has, migrated to the code's schema, and must come through with every row and value intact.

const folder = resolve(import.meta.dirname, '../fixtures/databases')
/** Found by listing the folder: a fixture added for the next release is tested without listing it here. */
const FIXTURES = readdirSync(folder).filter(name => /^at-.+\.sql$/.test(name)).sort()
const MIGRATION_NAMES = Object.keys(migrationsFor('sqlite')).sort()

/**
 * Values a migration rewrites on purpose, by table and column: left out of the byte-for-byte
 * comparison for fixtures older than it, and checked through what they mean below instead.
 */
const REWRITES: Record<string, Record<string, string[]>> = {
  '0008-district-codes': { staff: ['district'], suggestions: ['district'], station_districts: ['district'], station_overrides: ['fields'], station_additions: ['record'] },
}
/** Since 0008 a district is stored as its county code (GB/T 2260), before as its name. */
const CODES = { 灵石县: '140729', 介休市: '140781', 榆次区: '140702' }
const district = (name: keyof typeof CODES) => MIGRATION_NAMES.includes('0008-district-codes') ? CODES[name] : name

const ADMIN = '11111111-1111-4111-8111-111111111111'
const suggestion = (n: number) => `bbbbbbbb-0000-4000-8000-00000000000${n}`
const BATCH = 'cccccccc-0000-4000-8000-000000000001'

/** Every row of the fixture's tables, on the columns the fixture has, as sorted JSON: to compare before and after. */
async function rowsOf(app: AppDatabase, summary: ExportSummary, columnsOf: Record<string, string[]>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const table of Object.keys(summary.rows)) {
    const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.join(columnsOf[table]!.map(c => sql.id(c)))} FROM ${sql.id(table)}`.execute(app.db)
    out[table] = rows.map(row => JSON.stringify(row)).sort()
  }
  return out
}

async function columnsAt(app: AppDatabase, tables: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const table of tables) {
    const { rows } = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table}) ORDER BY cid`.execute(app.db)
    out[table] = rows.map(row => row.name)
  }
  return out
}

it('has a fixture for each released version since 0003 (the SQLite one of version 2 is sqlite-v2.sql)', () => {
  const at = FIXTURES.map(name => name.slice(3, -4))
  expect(at).toEqual(expect.arrayContaining(['0003-shared-state', '0004-station-retirements', '0005-station-imports', '0006-confirm-checks', '0007-suggestion-district']))
  for (const name of at) expect(MIGRATION_NAMES).toContain(name)
})

describe.each(FIXTURES)('a database made at %s', (fixtureName) => {
  const file = resolve(folder, fixtureName)
  const summary = readExportSummary(file)
  /** Whether the fixture's release had this migration. */
  const had = (migration: string) => summary.migration >= migration
  let before: Record<string, string[]>
  let columns: Record<string, string[]>
  /** The columns compared byte for byte: all the fixture has, but those a later migration rewrites on purpose. */
  let kept: Record<string, string[]>

  // The rows as the fixture holds them, read back from a SQLite database at the fixture's version.
  beforeAll(async () => {
    const reference = await freshDatabase('sqlite')
    const app = openDatabase(reference.target)
    try {
      await loadExport(app, file)
      columns = await columnsAt(app, Object.keys(summary.rows))
      const rewritten = Object.entries(REWRITES).filter(([migration]) => MIGRATION_NAMES.includes(migration) && !had(migration)).map(([, tables]) => tables)
      kept = Object.fromEntries(Object.entries(columns).map(([table, names]) => [table, names.filter(name => !rewritten.some(tables => tables[table]?.includes(name)))]))
      before = await rowsOf(app, summary, kept)
    }
    finally {
      await app.close()
      await reference.drop()
    }
  })

  describe.each(DIALECTS)('on %s', (dialect: Dialect) => {
    let database: TestDatabase
    let app: AppDatabase
    let stores: Stores
    let applied: string[]

    beforeAll(async () => {
      database = await freshDatabase(dialect)
      app = openDatabase(database.target)
      await loadExport(app, file)
      applied = await migrateToLatest(app)
      stores = createStores(app.db)
    })
    afterAll(async () => {
      await app?.close()
      await database?.drop()
    })

    it('applies every later migration once', async () => {
      expect(applied).toEqual(MIGRATION_NAMES.filter(name => name > summary.migration))
      expect(await migrateToLatest(app)).toEqual([])
    })

    it('keeps every row of every table with its values', async () => {
      const after = await rowsOf(app, summary, kept)
      for (const [table, rows] of Object.entries(before)) {
        expect(rows, table).toHaveLength(summary.rows[table]!)
        // Migrations may add rows of their own (a new change counter); none may lose or change one.
        expect(after[table], table).toEqual(expect.arrayContaining(rows))
      }
      for (const table of ['suggestions', 'staff', 'staff_sessions', 'station_overrides', 'station_additions', 'audit_log']) {
        expect(after[table], table).toHaveLength(before[table]!.length)
      }
    })

    it('lets the staff sign in as before, a disabled account still not', async () => {
      expect(await authenticateStaff(stores, 'chief@example.org', 'fixture password 123')).toMatchObject({ id: ADMIN, role: 'admin', district: null })
      expect(await authenticateStaff(stores, 'editor@example.org', 'fixture password 123')).toMatchObject({ role: 'editor', district: district('灵石县') })
      expect(await authenticateStaff(stores, 'left@example.org', 'fixture password 123')).toBeUndefined()
      expect(await stores.sessions.resume('fixture-session-id', { idleMs: 1e12, maxAgeMs: 1e12 })).toBe(ADMIN)
      expect(await stores.sessions.resume('fixture-session-revoked', { idleMs: 1e12, maxAgeMs: 1e12 })).toBeUndefined()
    })

    it('keeps the suggestions with their contacts, text and reviews, and fills what later releases added', async () => {
      expect((await stores.suggestions.find()).map(s => [s.id, s.kind, s.status])).toEqual([
        [suggestion(5), 'confirm', 'rejected'], [suggestion(4), 'correction', 'pending'], [suggestion(3), 'new-station', 'pending'],
        [suggestion(2), 'problem', 'accepted'], [suggestion(1), 'confirm', 'pending'],
      ])
      expect(await stores.suggestions.get(suggestion(2))).toMatchObject({
        contact: 'wx_fixture', reviewedBy: ADMIN, reviewReason: '已核实', createdAt: '2026-10-06T02:00:00.000Z',
        body: { note: '门锁着 <b>\'引号\'</b>\n第二行 🔒' },
      })
      expect(await stores.suggestions.get(suggestion(3))).toMatchObject({ contact: '13800000000', body: { location: { lat: 37.69, lng: 112.75 } } })
      expect((await stores.suggestions.get(suggestion(4)))!.contact).toBe('rider@example.org')
      // 0006: confirms from before it count as they did; a rejected one does not. 0007: a proposal's district from its position.
      const { rows } = await sql<{ id: string, counted: number, district: string | null, lat: number | null, unverified: string | null }>`SELECT id, counted, district, lat, unverified FROM suggestions ORDER BY id`.execute(app.db)
      expect(rows.map(row => [row.id, Number(row.counted)])).toEqual([[suggestion(1), 1], [suggestion(2), 0], [suggestion(3), 0], [suggestion(4), 0], [suggestion(5), 0]])
      expect(rows[2]).toMatchObject({ district: district('榆次区'), lat: 37.69 })
      // Station suggestions get their district from the server's first request, unless their release stored it.
      expect(rows[0]!.district).toBe(had('0007-suggestion-district') ? district('灵石县') : null)
      expect(rows[4]!.unverified).toBe(had('0006-confirm-checks') ? 'no-token' : null)
      expect(await stores.suggestions.lastConfirmations()).toEqual(new Map([['lingshi-jingsheng-jiayouzhan', '2026-10-05T01:00:00.000Z']]))
      const districts = await sql<{ station_id: string, district: string }>`SELECT station_id, district FROM station_districts ORDER BY station_id`.execute(app.db)
      expect(districts.rows.map(row => [row.station_id, row.district])).toEqual(had('0007-suggestion-district')
        ? [['jiexiu-beiguan', district('介休市')], ['lingshi-jingsheng-jiayouzhan', district('灵石县')]]
        : [])
    })

    it('keeps the live edits, added and retired stations, imports and the audit log', async () => {
      expect((await stores.overrides.get('jiexiu-beiguan'))!.fields).toEqual({ status: 'closed', statusNote: '装修' })
      expect((await stores.overrides.get('lingshi-jingsheng-jiayouzhan'))!.fields).toEqual({ hoursNote: '春节照常开放', phone: null })
      expect((await stores.additions.active()).map(a => [a.id, a.record.name, a.record.district, a.record.amenities])).toEqual([['gudingceshiyizhan', '固定测试驿站', district('榆次区'), ['water', 'toilet']]])
      expect((await stores.audit.forEntity('station', 'jiexiu-beiguan')).map(e => [e.action, e.suggestionId, e.after])).toEqual([['accept-suggestion', suggestion(2), { status: 'closed', statusNote: '装修' }]])
      expect((await stores.audit.forEntity('station', 'lingshi-jingsheng-jiayouzhan')).map(e => [e.id, e.reason])).toEqual([[4, '电话停用']])
      expect([...(await stores.retirements.all()).keys()]).toEqual(had('0004-station-retirements') ? ['taigu-gulou'] : [])
      if (had('0005-station-imports')) {
        expect(await stores.imports.get(BATCH)).toMatchObject({ fileName: '名单.xlsx', status: 'applied', appliedLines: [2], summary: { changed: 1 } })
        expect((await stores.audit.forBatch(BATCH)).map(e => e.entityId)).toEqual(['yuci-beiguan'])
      }
      // The next audit row follows the last one (PostgreSQL's sequence moved past the loaded ids).
      const last = Math.max(...before.audit_log!.map(row => JSON.parse(row).id as number))
      expect(await stores.audit.write({ actor: 'system', entity: 'station', entityId: 'x', action: 'edit' })).toBe(last + 1)
      expect(await stores.settings.get('retention_ran_at')).toBe('2026-10-12T00:00:00.000Z')
      expect(await stores.changes.versions()).toMatchObject({ stations: 6, confirmations: 2 })
    })
  })
})
