import { randomUUID } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupDatabase, BackupError, backupKind, restoreDatabase, type BackupOptions } from '../../scripts/lib/database-backup'
import { loadExport } from '../../scripts/lib/database-export'
import { migrateToLatest, openDatabase, type AppDatabase, type DatabaseTarget } from '../../server/database/connection'
import { migrationsFor } from '../../server/database/migrations'
import { createStores, type Stores } from '../../server/database/stores'
import { authenticateStaff, createStaffAccount } from '../../server/utils/staff/accounts'
import { ProblemSuggestionSchema } from '../../shared/schemas/suggestion'
import { runScript } from '../support/script'
import { DIALECTS, freshDatabase, TEST_DATABASE_URL, type Dialect, type TestDatabase } from '../support/services'

// db:backup and db:restore (scripts/lib/database-backup.ts) on every database this run has: what a
// backup holds comes back, what must be refused is refused with its code, and no half-written file
// is ever left under the backup's name. The drill against running servers is tests/server/backup-restore.test.ts.

const root = resolve(import.meta.dirname, '../..')
const MIGRATION_NAMES = Object.keys(migrationsFor('sqlite')).sort()
const fixture = (migration: string) => resolve(root, `tests/fixtures/databases/at-${migration}.sql`)
const PASSWORD = 'backup test password 1'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yizhan-backup-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const path = (name: string) => join(dir, `${randomUUID().slice(0, 8)}-${name}`)

/** The error a call is refused with. */
async function refusal(work: Promise<unknown>): Promise<BackupError> {
  const error = await work.then(() => undefined, (e: unknown) => e)
  if (!(error instanceof BackupError)) throw new Error(`expected a BackupError, got ${String(error)}`)
  return error
}

/** A migrated database with a staff account, a live edit and suggestions with contacts. */
async function populated(dialect: Dialect): Promise<{ database: TestDatabase, app: AppDatabase, stores: Stores, ids: string[] }> {
  const database = await freshDatabase(dialect)
  const app = openDatabase(database.target)
  await migrateToLatest(app)
  const stores = createStores(app.db)
  const admin = await createStaffAccount(stores, { email: 'chief@example.org', password: PASSWORD, role: 'admin', district: null }, 'system')
  await stores.overrides.put('jiexiu-beiguan', { hoursNote: '备份前的修改' }, admin.id)
  const ids: string[] = []
  for (let i = 0; i < 30; i++) {
    const suggestion = ProblemSuggestionSchema.parse({ kind: 'problem', id: randomUUID(), stationId: 'jiexiu-beiguan', reason: 'other', note: `第 ${i} 条 'quoted' ;\n第二行`, contact: `wx_${i}`, fillMs: 5000 })
    await stores.suggestions.save(suggestion)
    ids.push(suggestion.id)
  }
  return { database, app, stores, ids }
}

/** What a restored database must hold: the account signs in, the edit, every suggestion with its contact and text. */
async function expectRestored(target: DatabaseTarget, ids: string[]) {
  const app = openDatabase(target)
  try {
    const stores = createStores(app.db)
    expect(await authenticateStaff(stores, 'chief@example.org', PASSWORD)).toMatchObject({ role: 'admin' })
    expect((await stores.overrides.get('jiexiu-beiguan'))!.fields).toEqual({ hoursNote: '备份前的修改' })
    const stored = await stores.suggestions.find()
    expect(stored.map(s => s.id).sort()).toEqual([...ids].sort())
    expect(await stores.suggestions.get(ids[7]!)).toMatchObject({ contact: 'wx_7', body: { note: '第 7 条 \'quoted\' ;\n第二行' } })
    expect(await migrateToLatest(app)).toEqual([])
    // Writing goes on where it stopped (PostgreSQL's sequences were carried too).
    const next = await stores.audit.write({ actor: 'system', entity: 'station', entityId: 'x', action: 'edit' })
    const { rows } = await sql<{ count: number | string }>`SELECT count(*) AS count FROM audit_log`.execute(app.db)
    expect(next).toBe(Number(rows[0]!.count))
  }
  finally {
    await app.close()
  }
}

/** A pg_dump that says it is version 99 and dies halfway through writing. */
function brokenPgDump(): string {
  const script = path('pg_dump')
  writeFileSync(script, `#!/bin/sh
if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 99.1"; exit 0; fi
for a in "$@"; do case "$a" in --file=*) printf -- '--\\n-- PostgreSQL database dump\\n-- half' > "\${a#--file=}";; esac; done
echo "pg_dump: error: connection to server lost" >&2
exit 1
`)
  chmodSync(script, 0o755)
  return script
}

const leftovers = () => readdirSync(dir).filter(name => name.endsWith('.partial'))

describe.each(DIALECTS)('db:backup and db:restore on %s', (dialect) => {
  let source: Awaited<ReturnType<typeof populated>>
  beforeAll(async () => {
    source = await populated(dialect)
  })
  afterAll(async () => {
    await source?.app.close()
    await source?.database.drop()
  })

  const methods: Array<[string, BackupOptions, string]> = dialect === 'sqlite'
    ? [['the online backup API', {}, 'sqlite']]
    : [['pg_dump', {}, 'pg_dump'], ['the SQL export, without pg_dump', { pgDump: '/nonexistent/pg_dump' }, 'export'], ['the SQL export, asked for', { exportOnly: true }, 'export']]

  it.each(methods)('backs up with %s and restores every row into an empty database', async (_name, options, method) => {
    const file = path('backup')
    const result = await backupDatabase(source.database.target, file, options)
    expect(result).toMatchObject({ method, bytes: statSync(file).size })
    expect(result.note === undefined).toBe(method !== 'export')
    expect(backupKind(file)).toBe(method)
    const target = await freshDatabase(dialect)
    try {
      const restored = await restoreDatabase(target.target, file)
      expect(restored).toMatchObject({ kind: method, applied: [], rows: { suggestions: 30, staff: 1, station_overrides: 1 } })
      await expectRestored(target.target, source.ids)
    }
    finally {
      await target.drop()
    }
  })

  it('refuses to overwrite a file unless --force, and then replaces it whole', async () => {
    const file = path('exists')
    writeFileSync(file, 'an older backup')
    expect(await refusal(backupDatabase(source.database.target, file))).toMatchObject({ code: 'BACKUP_FILE_EXISTS', exitCode: 2 })
    expect(readFileSync(file, 'utf8')).toBe('an older backup')
    await backupDatabase(source.database.target, file, { force: true })
    expect(backupKind(file)).toBe(dialect === 'sqlite' ? 'sqlite' : 'pg_dump')
    expect(leftovers()).toEqual([])
  })

  it('leaves no file behind when the database cannot be reached or the copy fails', async () => {
    const unreachable: DatabaseTarget = dialect === 'sqlite'
      ? { dialect, path: join(dir, 'no-such-database.sqlite') }
      : { dialect, url: 'postgres://postgres@127.0.0.1:1/none' }
    const file = path('never')
    expect(await refusal(backupDatabase(unreachable, file))).toMatchObject({ code: 'DATABASE_UNREACHABLE', exitCode: 1 })
    expect(existsSync(file)).toBe(false)
    if (dialect === 'postgres') {
      const error = await refusal(backupDatabase(source.database.target, file, { pgDump: brokenPgDump() }))
      expect(error).toMatchObject({ code: 'BACKUP_FAILED' })
      expect(error.message).toContain('connection to server lost')
      expect(existsSync(file)).toBe(false)
    }
    expect(leftovers()).toEqual([])
  })

  it('refuses a target that holds data unless --force, which replaces it', async () => {
    const file = path('backup')
    await backupDatabase(source.database.target, file)
    const other = await populated(dialect)
    await other.app.close()
    try {
      expect(await refusal(restoreDatabase(other.database.target, file))).toMatchObject({ code: 'TARGET_NOT_EMPTY', exitCode: 2 })
      const restored = await restoreDatabase(other.database.target, file, { force: true })
      expect(restored.rows.suggestions).toBe(30)
      await expectRestored(other.database.target, source.ids)
    }
    finally {
      await other.database.drop()
    }
  })

  it('restores a backup of an older release and applies the migrations since (here 0004)', async () => {
    const old = await freshDatabase(dialect)
    const target = await freshDatabase(dialect)
    const app = openDatabase(old.target)
    try {
      await loadExport(app, fixture('0004-station-retirements'))
      const file = path('old')
      await backupDatabase(old.target, file)
      const restored = await restoreDatabase(target.target, file)
      expect(restored.applied).toEqual(MIGRATION_NAMES.filter(name => name > '0004-station-retirements'))
      expect(restored.rows).toMatchObject({ suggestions: 5, staff: 3, station_retirements: 1, audit_log: 5 })
    }
    finally {
      await app.close()
      await old.drop()
      await target.drop()
    }
  })

  it('refuses a backup from a newer release, before touching the target', async () => {
    const newer = await freshDatabase(dialect)
    const app = openDatabase(newer.target)
    const target = await freshDatabase(dialect)
    try {
      await migrateToLatest(app)
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(app.db)
      const file = path('newer')
      await backupDatabase(newer.target, file)
      const error = await refusal(restoreDatabase(target.target, file))
      expect(error).toMatchObject({ code: 'BACKUP_NEWER_THAN_CODE', exitCode: 2 })
      expect(error.message).toContain('9999-from-the-future')
      expect(await refusal(restoreDatabase(target.target, path('missing')))).toMatchObject({ code: 'BACKUP_FILE_MISSING' })
      // Still empty: a backup this code knows goes in without --force.
      const good = path('good')
      await backupDatabase(source.database.target, good)
      expect((await restoreDatabase(target.target, good)).rows.suggestions).toBe(30)
    }
    finally {
      await app.close()
      await newer.drop()
      await target.drop()
    }
  })

  it('tells a backup by its content, not its name, and refuses what it does not know or what is cut short', async () => {
    const misnamed = path('backup.sqlite')
    await backupDatabase(source.database.target, misnamed, dialect === 'postgres' ? { exportOnly: true } : {})
    expect(backupKind(misnamed)).toBe(dialect === 'sqlite' ? 'sqlite' : 'export')
    const unknown = path('notes.sql')
    writeFileSync(unknown, 'CREATE TABLE x (y int);\n')
    const target = await freshDatabase(dialect)
    try {
      expect(await refusal(restoreDatabase(target.target, unknown))).toMatchObject({ code: 'BACKUP_UNKNOWN_KIND', exitCode: 2 })
      if (dialect === 'postgres') {
        truncateSync(misnamed, statSync(misnamed).size - 40)
        expect(await refusal(restoreDatabase(target.target, misnamed))).toMatchObject({ code: 'BACKUP_CORRUPT', exitCode: 2 })
      }
    }
    finally {
      await target.drop()
    }
  })
})

describe.skipIf(!TEST_DATABASE_URL)('a backup of one kind of database and a target of the other', () => {
  it('is refused both ways, naming both', async () => {
    const sqliteSource = await populated('sqlite')
    const postgresSource = await populated('postgres')
    const sqliteTarget = await freshDatabase('sqlite')
    const postgresTarget = await freshDatabase('postgres')
    try {
      const sqliteFile = path('sqlite-backup')
      await backupDatabase(sqliteSource.database.target, sqliteFile)
      for (const options of [{}, { exportOnly: true }]) {
        const postgresFile = path('postgres-backup')
        await backupDatabase(postgresSource.database.target, postgresFile, options)
        const error = await refusal(restoreDatabase(sqliteTarget.target, postgresFile))
        expect(error).toMatchObject({ code: 'BACKUP_KIND_MISMATCH', exitCode: 2 })
        expect(error.message).toMatch(/PostgreSQL.*SQLite/)
      }
      const error = await refusal(restoreDatabase(postgresTarget.target, sqliteFile))
      expect(error).toMatchObject({ code: 'BACKUP_KIND_MISMATCH' })
      expect(error.message).toContain('SQLite 数据库文件')
      expect(existsSync((sqliteTarget.target as { path: string }).path)).toBe(false)
    }
    finally {
      await sqliteSource.app.close()
      await postgresSource.app.close()
      for (const database of [sqliteSource.database, postgresSource.database, sqliteTarget, postgresTarget]) await database.drop()
    }
  })
})

describe('the scripts', () => {
  it('say what is missing in Chinese and English and exit 2 without a FILE', async () => {
    for (const script of ['scripts/db-backup.ts', 'scripts/db-restore.ts']) {
      const { code, output } = await runScript(script, [], { DATABASE_URL: `file:${path('x.sqlite')}` })
      expect(code, script).toBe(2)
      expect(output).toContain('缺少备份文件名 (missing FILE')
    }
  })

  it('back up and restore from the command line, and say when the database cannot be reached (exit 1)', async () => {
    const database = await freshDatabase('sqlite')
    try {
      const app = openDatabase(database.target)
      await migrateToLatest(app)
      await app.close()
      const file = path('cli-backup')
      const backup = await runScript('scripts/db-backup.ts', [file], { DATABASE_URL: database.url })
      expect(backup.code, backup.output).toBe(0)
      expect(backup.output).toContain('已备份 (backed up)')
      const restoredPath = path('restored.sqlite')
      const restore = await runScript('scripts/db-restore.ts', [file], { DATABASE_URL: `file:${restoredPath}` })
      expect(restore.code, restore.output).toBe(0)
      const restored = new Database(restoredPath, { readonly: true })
      expect(restored.pragma('integrity_check', { simple: true })).toBe('ok')
      restored.close()
      const unreachable = await runScript('scripts/db-backup.ts', [path('never')], { DATABASE_URL: `file:${path('missing.sqlite')}` })
      expect(unreachable.code).toBe(1)
      expect(unreachable.output).toContain('找不到 SQLite 数据库文件')
    }
    finally {
      await database.drop()
    }
  })
})
