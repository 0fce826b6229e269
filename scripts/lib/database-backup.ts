// Backups that restore (npm run db:backup / db:restore): a consistent copy taken while the app keeps
// running and writing, and a restore into an empty database that brings the schema up to the code.
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, copyFileSync, createReadStream, existsSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { sql } from 'kysely'
import { describeTarget, migrateToLatest, openDatabase, type AppDatabase, type DatabaseTarget } from '../../server/database/connection'
import { migrationsFor } from '../../server/database/migrations'
import { ExportFileError, isExport, loadExport, readExportSummary, writeExport } from './database-export'

export type BackupErrorCode
  = | 'BACKUP_FILE_MISSING' | 'BACKUP_FILE_EXISTS' | 'BACKUP_DIR_MISSING' | 'DATABASE_UNREACHABLE' | 'BACKUP_FAILED'
    | 'BACKUP_UNKNOWN_KIND' | 'BACKUP_KIND_MISMATCH' | 'BACKUP_NEWER_THAN_CODE' | 'TARGET_NOT_EMPTY' | 'RESTORE_FAILED'
    | 'PSQL_MISSING' | 'BACKUP_CORRUPT'

/** A refusal or failure said to a person (Chinese, then English); `code` is stable for tests. */
export class BackupError extends Error {
  constructor(readonly code: BackupErrorCode, message: string, readonly exitCode = 1) {
    super(message)
  }
}

/** How a backup was made: SQLite's online backup API, pg_dump, or the app's own SQL export. */
export type BackupMethod = 'sqlite' | 'pg_dump' | 'export'

export interface BackupOptions {
  /** Replace an existing file. */
  force?: boolean
  /** PostgreSQL: write the app's own SQL export even when pg_dump is there. */
  exportOnly?: boolean
  /** The pg_dump to run (env PG_DUMP, else from PATH). */
  pgDump?: string
}

export interface BackupResult {
  method: BackupMethod
  bytes: number
  /** Why pg_dump was not used, when it was not. */
  note?: string
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

// SQLite's online backup copies this many pages per step: all of them, so the copy is one read
// transaction. In WAL mode that never blocks the app's writers, and no write in between restarts it.
const ALL_PAGES = 0x7FFFFFFF

/** A connection URL without its password, and the password for libpq's PGPASSWORD (kept out of `ps`). */
function libpqConnection(url: string): { url: string, env: Record<string, string> } {
  const parsed = new URL(url)
  const password = decodeURIComponent(parsed.password)
  parsed.password = ''
  return { url: parsed.toString(), env: password ? { PGPASSWORD: password } : {} }
}

/** Runs a program to its end; its stderr is the failure's text. */
function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null, stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    const chunks: Buffer[] = []
    child.stderr.on('data', chunk => chunks.push(chunk))
    child.on('error', fail)
    child.on('close', code => done({ code, stderr: Buffer.concat(chunks).toString('utf8').trim() }))
  })
}

/** The major version of a PostgreSQL client program, or undefined when it cannot be run. */
function clientMajor(command: string): number | undefined {
  const answer = spawnSync(command, ['--version'], { encoding: 'utf8' })
  const match = answer.status === 0 ? /\s(\d+)(?:\.\d+)?/.exec(answer.stdout) : null
  return match ? Number(match[1]) : undefined
}

async function reachPostgres(target: DatabaseTarget & { dialect: 'postgres' }): Promise<{ app: AppDatabase, major: number }> {
  const app = openDatabase(target)
  try {
    const { rows } = await sql<{ version: string }>`SELECT current_setting('server_version_num') AS version`.execute(app.db)
    return { app, major: Math.floor(Number(rows[0]!.version) / 10_000) }
  }
  catch (error) {
    await app.close()
    throw new BackupError('DATABASE_UNREACHABLE', `无法连接数据库 ${describeTarget(target)} (cannot reach the database): ${message(error)}`)
  }
}

function openSqliteFile(path: string): Database.Database {
  if (!existsSync(path)) throw new BackupError('DATABASE_UNREACHABLE', `找不到 SQLite 数据库文件 ${path} (no database file there)`)
  try {
    const db = new Database(path, { fileMustExist: true })
    db.pragma('busy_timeout = 5000')
    return db
  }
  catch (error) {
    throw new BackupError('DATABASE_UNREACHABLE', `无法打开数据库 ${path} (cannot open the database): ${message(error)}`)
  }
}

/** Checks a SQLite file page by page and makes it one self-contained file (no -wal beside it). */
function checkSqliteCopy(path: string) {
  const db = new Database(path, { fileMustExist: true })
  try {
    db.pragma('journal_mode = DELETE')
    const result = db.pragma('integrity_check', { simple: true })
    if (result !== 'ok') throw new BackupError('BACKUP_CORRUPT', `${path}: SQLite 完整性检查未通过 (integrity check failed): ${String(result)}`)
  }
  finally {
    db.close()
  }
}

function fsyncFile(path: string) {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  }
  finally {
    closeSync(fd)
  }
}

/** Writes through `write` to a temporary name beside `file`, then renames it into place: never a half-written file under the final name. */
async function writeAtomically<T>(file: string, write: (temporary: string) => Promise<T>): Promise<T> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.partial`)
  try {
    const result = await write(temporary)
    fsyncFile(temporary)
    renameSync(temporary, file)
    return result
  }
  finally {
    rmSync(temporary, { force: true })
  }
}

/**
 * Copies the database to `file` consistently while the app keeps writing: SQLite with its online
 * backup API; PostgreSQL with pg_dump (plain SQL) when it can dump the server, else with the app's
 * own SQL export (one REPEATABLE READ transaction).
 */
export async function backupDatabase(target: DatabaseTarget, file: string, options: BackupOptions = {}): Promise<BackupResult> {
  if (existsSync(file) && !options.force) {
    throw new BackupError('BACKUP_FILE_EXISTS', `${file} 已存在；要覆盖请加 --force (the file exists: add --force to replace it)`, 2)
  }
  if (!existsSync(dirname(file))) {
    throw new BackupError('BACKUP_DIR_MISSING', `目录 ${dirname(file)} 不存在 (no such folder)`, 2)
  }

  if (target.dialect === 'sqlite') {
    const source = openSqliteFile(target.path)
    try {
      await writeAtomically(file, async (temporary) => {
        await source.backup(temporary, { progress: () => ALL_PAGES })
        checkSqliteCopy(temporary)
      })
    }
    catch (error) {
      if (error instanceof BackupError) throw error
      throw new BackupError('BACKUP_FAILED', `备份失败 (backup failed): ${message(error)}`)
    }
    finally {
      source.close()
    }
    return { method: 'sqlite', bytes: statSync(file).size }
  }

  const { app, major } = await reachPostgres(target)
  try {
    const pgDump = options.pgDump || process.env.PG_DUMP || 'pg_dump'
    const dumpMajor = options.exportOnly ? undefined : clientMajor(pgDump)
    let note: string | undefined
    if (options.exportOnly) note = '按 --export 要求使用 SQL 导出 (SQL export as asked)'
    else if (dumpMajor === undefined) note = `找不到 ${pgDump}，改用 SQL 导出 (no pg_dump: SQL export instead)`
    else if (dumpMajor < major) note = `${pgDump} 是 ${dumpMajor} 版，无法导出 ${major} 版的服务器，改用 SQL 导出 (pg_dump ${dumpMajor} cannot dump server ${major}: SQL export instead)`

    if (note) {
      await writeAtomically(file, temporary => writeExport(app, temporary))
      return { method: 'export', bytes: statSync(file).size, note }
    }
    const connection = libpqConnection(target.url)
    await writeAtomically(file, async (temporary) => {
      // Plain SQL: readable, and psql alone restores it (custom format would need pg_restore of a
      // matching version); the app's data is small, so compression and parallel restore buy little.
      // Owners and grants are left out: the restoring user owns what it restores.
      const { code, stderr } = await run(pgDump, ['--format=plain', '--no-owner', '--no-privileges', '--no-unlogged-table-data', `--file=${temporary}`, `--dbname=${connection.url}`], connection.env)
      if (code !== 0) throw new BackupError('BACKUP_FAILED', `pg_dump 失败 (pg_dump failed, exit ${code}): ${stderr}`)
    })
    return { method: 'pg_dump', bytes: statSync(file).size }
  }
  catch (error) {
    if (error instanceof BackupError) throw error
    throw new BackupError('BACKUP_FAILED', `备份失败 (backup failed): ${message(error)}`)
  }
  finally {
    await app.close()
  }
}

/** What a backup file holds, told by its first bytes (not its name). */
export type BackupKind = 'sqlite' | 'pg_dump' | 'export'

export function backupKind(file: string): BackupKind | undefined {
  const fd = openSync(file, 'r')
  const head = Buffer.alloc(512)
  let length: number
  try {
    length = readSync(fd, head, 0, head.length, 0)
  }
  finally {
    closeSync(fd)
  }
  const start = head.subarray(0, length)
  if (start.subarray(0, 16).toString('latin1') === 'SQLite format 3\0') return 'sqlite'
  if (isExport(file)) return 'export'
  if (start.toString('utf8').includes('-- PostgreSQL database dump')) return 'pg_dump'
  return undefined
}

const DIALECT_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const

/** What a backup is, in words: Chinese, then English. */
function describeKind(kind: BackupKind, dialect: keyof typeof DIALECT_NAMES): [string, string] {
  if (kind === 'sqlite') return ['SQLite 数据库文件', 'a SQLite file']
  if (kind === 'pg_dump') return ['PostgreSQL 的 pg_dump 备份', 'a PostgreSQL pg_dump']
  return [`${DIALECT_NAMES[dialect]} 数据库的 SQL 导出`, `an SQL export of a ${DIALECT_NAMES[dialect]} database`]
}

/** The migrations a pg_dump's kysely_migration table lists (its COPY block). */
async function dumpMigrations(file: string): Promise<string[]> {
  const names: string[] = []
  let inBlock = false
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (inBlock) {
      if (line === '\\.') break
      names.push(line.split('\t')[0]!)
    }
    else if (/^COPY (?:public\.)?kysely_migration \(/.test(line)) {
      inBlock = true
    }
  }
  return names
}

/** The migrations recorded in a backup, to refuse one newer than this code before touching the target. */
async function backupMigrations(file: string, kind: BackupKind): Promise<string[]> {
  if (kind === 'export') return [readExportSummary(file).migration]
  if (kind === 'pg_dump') return dumpMigrations(file)
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const table = db.prepare('SELECT 1 FROM sqlite_master WHERE type = \'table\' AND name = \'kysely_migration\'').get()
    return table ? db.prepare<[], { name: string }>('SELECT name FROM kysely_migration ORDER BY name').all().map(row => row.name) : []
  }
  finally {
    db.close()
  }
}

/** The app tables a database already has (none: it may be restored into). */
async function existingTables(target: DatabaseTarget): Promise<string[]> {
  if (target.dialect === 'sqlite') {
    if (!existsSync(target.path) || statSync(target.path).size === 0) return []
    const db = openSqliteFile(target.path)
    try {
      return db.prepare<[], { name: string }>('SELECT name FROM sqlite_master WHERE type = \'table\' AND substr(name, 1, 7) <> \'sqlite_\'').all().map(row => row.name)
    }
    finally {
      db.close()
    }
  }
  const { app } = await reachPostgres(target)
  try {
    const { rows } = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`.execute(app.db)
    return rows.map(row => row.tablename)
  }
  finally {
    await app.close()
  }
}

/** --force on PostgreSQL: drops what the current schema holds (tables, views, functions), leaving it empty. */
async function emptyPostgres(target: DatabaseTarget & { dialect: 'postgres' }) {
  const { app } = await reachPostgres(target)
  try {
    await app.db.transaction().execute(async (trx) => {
      const views = await sql<{ name: string }>`SELECT quote_ident(viewname) AS name FROM pg_views WHERE schemaname = current_schema()`.execute(trx)
      if (views.rows.length) await sql.raw(`DROP VIEW IF EXISTS ${views.rows.map(r => r.name).join(', ')} CASCADE`).execute(trx)
      const tables = await sql<{ name: string }>`SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema()`.execute(trx)
      if (tables.rows.length) await sql.raw(`DROP TABLE IF EXISTS ${tables.rows.map(r => r.name).join(', ')} CASCADE`).execute(trx)
      // Functions of extensions stay with their extension.
      const functions = await sql<{ signature: string }>`SELECT format('%I(%s)', p.proname, pg_get_function_identity_arguments(p.oid)) AS signature
        FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind = 'f'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`.execute(trx)
      for (const { signature } of functions.rows) await sql.raw(`DROP FUNCTION IF EXISTS ${signature} CASCADE`).execute(trx)
      const sequences = await sql<{ name: string }>`SELECT quote_ident(sequence_name) AS name FROM information_schema.sequences WHERE sequence_schema = current_schema()`.execute(trx)
      if (sequences.rows.length) await sql.raw(`DROP SEQUENCE IF EXISTS ${sequences.rows.map(r => r.name).join(', ')} CASCADE`).execute(trx)
    })
  }
  finally {
    await app.close()
  }
}

/** SQLite: the backup, checked, takes the target file's place (its old -wal and -shm removed first: they belong to the old file). */
async function restoreSqliteFile(file: string, path: string) {
  mkdirSync(dirname(path), { recursive: true })
  await writeAtomically(path, async (temporary) => {
    copyFileSync(file, temporary)
    checkSqliteCopy(temporary)
    rmSync(`${path}-wal`, { force: true })
    rmSync(`${path}-shm`, { force: true })
  })
}

async function restorePgDump(file: string, target: DatabaseTarget & { dialect: 'postgres' }, psql: string) {
  if (clientMajor(psql) === undefined) {
    throw new BackupError('PSQL_MISSING', `恢复 pg_dump 备份需要 psql（Debian/Ubuntu: apt-get install postgresql-client），找不到 ${psql} (psql is needed to restore a pg_dump)`)
  }
  const connection = libpqConnection(target.url)
  const { code, stderr } = await run(psql, ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', `--file=${file}`, `--dbname=${connection.url}`], connection.env)
  if (code !== 0) throw new BackupError('RESTORE_FAILED', `psql 恢复失败，数据库未改动 (psql failed; nothing was written, exit ${code}): ${stderr}`)
}

export interface RestoreOptions {
  /** Restore into a database that already has data, replacing it. */
  force?: boolean
  /** The psql to run for a pg_dump (env PSQL, else from PATH). */
  psql?: string
}

export interface RestoreResult {
  kind: BackupKind
  /** Migrations applied after loading, because the backup was older than the code. */
  applied: string[]
  /** Rows per table once restored and migrated. */
  rows: Record<string, number>
}

/**
 * Loads a backup into the target database: it must be empty, or `force` replaces what it holds. The
 * backup's kind (by content) must suit the target; one newer than the code is refused. Then the
 * schema is brought up to date with the app's migrations.
 */
export async function restoreDatabase(target: DatabaseTarget, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError('BACKUP_FILE_MISSING', `找不到备份文件 ${file} (no such backup file)`, 2)
  const kind = backupKind(file)
  if (!kind) {
    throw new BackupError('BACKUP_UNKNOWN_KIND', `${file} 不是认得的备份：应为 SQLite 数据库文件、pg_dump 的纯 SQL 备份或本程序的 SQL 导出 (not a SQLite file, a plain pg_dump or the app's SQL export)`, 2)
  }
  let kindDialect: DatabaseTarget['dialect'] = kind === 'sqlite' ? 'sqlite' : 'postgres'
  if (kind === 'export') {
    try {
      kindDialect = readExportSummary(file).dialect
    }
    catch (error) {
      // A cut-short or unreadable export is refused before the target is touched.
      throw new BackupError('BACKUP_CORRUPT', message(error), 2)
    }
  }
  if (kindDialect !== target.dialect) {
    const [zh, en] = describeKind(kind, kindDialect)
    const wanted = DIALECT_NAMES[target.dialect]
    throw new BackupError('BACKUP_KIND_MISMATCH', `${file} 是${zh}，而目标 ${describeTarget(target)} 是 ${wanted} 数据库，不能恢复到那里 (the backup is ${en}; the target is a ${wanted} database)`, 2)
  }
  const known = migrationsFor(target.dialect)
  const newer = (await backupMigrations(file, kind)).filter(name => !(name in known))
  if (newer.length) {
    throw new BackupError('BACKUP_NEWER_THAN_CODE', `${file} 来自更新的版本（迁移 ${newer.join(', ')}），这份代码不认识；请先部署那个版本再恢复 (the backup comes from a newer release: deploy it first)`, 2)
  }
  const tables = await existingTables(target)
  if (tables.length && !options.force) {
    throw new BackupError('TARGET_NOT_EMPTY', `目标数据库 ${describeTarget(target)} 已有数据（${tables.length} 张表）；要替换请加 --force (the target database is not empty: add --force to replace its data)`, 2)
  }

  try {
    if (target.dialect === 'sqlite') {
      await restoreSqliteFile(file, target.path)
    }
    else {
      if (tables.length) await emptyPostgres(target)
      if (kind === 'pg_dump') await restorePgDump(file, target, options.psql || process.env.PSQL || 'psql')
    }
    const app = openDatabase(target)
    try {
      if (kind === 'export') await loadExport(app, file)
      const applied = await migrateToLatest(app)
      return { kind, applied, rows: await rowCounts(app) }
    }
    finally {
      await app.close()
    }
  }
  catch (error) {
    if (error instanceof BackupError) throw error
    const partly = '目标数据库可能已写入一部分，查明原因后加 --force 重试 (the target may hold part of it: fix the cause, then run again with --force)'
    if (error instanceof ExportFileError && error.code === 'BACKUP_NEWER_THAN_CODE') throw new BackupError(error.code, error.message, 2)
    throw new BackupError('RESTORE_FAILED', `恢复失败 (restore failed): ${message(error)}\n${partly}`)
  }
}

/** Rows in each app table, for the restore's summary. */
async function rowCounts(app: AppDatabase): Promise<Record<string, number>> {
  const names = ['suggestions', 'staff', 'station_overrides', 'station_additions', 'station_retirements', 'audit_log'] as const
  const counts: Record<string, number> = {}
  for (const name of names) {
    const { rows } = await sql<{ count: number | string }>`SELECT count(*) AS count FROM ${sql.id(name)}`.execute(app.db)
    counts[name] = Number(rows[0]!.count)
  }
  return counts
}
