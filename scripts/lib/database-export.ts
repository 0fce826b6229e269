// The app's own SQL export of its database: every app table's rows as plain INSERT statements that
// SQLite and PostgreSQL both read, with the schema version they fit. `db:backup` writes it for a
// PostgreSQL server when no pg_dump can dump it; the upgrade fixtures (tests/fixtures/databases/)
// are in the same format. Loading one builds the schema up to that version with the app's own
// migrations, so the file carries rows only.
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { Migrator, sql, type Kysely } from 'kysely'
import type { AppDatabase } from '../../server/database/connection'
import { migrationsFor, type Dialect } from '../../server/database/migrations'

/** The first line of every export: names the format and its version. */
export const EXPORT_MARK = '-- yizhan-export 1'
const END_MARK = '-- yizhan-export end'
/** Rows per INSERT statement (SQLite allows 500 rows in one VALUES list). */
const ROWS_PER_INSERT = 200

// Kysely's own bookkeeping is rebuilt by the migrator from the header's schema version; rate-limit
// counters are not data (losing them only resets the limits), as pg_dump --no-unlogged-table-data.
const SKIPPED_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'rate_limits'])

/** An export's header and footer: where it came from, the schema version its rows fit, and how many rows each table has. */
export interface ExportSummary {
  dialect: Dialect
  /** The newest migration applied to the database it was read from. */
  migration: string
  madeAt: string
  rows: Record<string, number>
}

/** A problem with an export, said to a person; `code` is stable for tests and scripts. */
export class ExportFileError extends Error {
  constructor(readonly code: 'EXPORT_TRUNCATED' | 'EXPORT_UNREADABLE' | 'BACKUP_NEWER_THAN_CODE' | 'EXPORT_COUNTS_DIFFER' | 'DATABASE_NOT_MIGRATED', message: string) {
    super(message)
  }
}

// Typed loosely on purpose: the export reads whatever tables the database has, not the app's schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

interface Table {
  name: string
  columns: string[]
  /** Tables this one's foreign keys point at. */
  parents: string[]
}

const quoteId = (name: string) => `"${name.replaceAll('"', '""')}"`

/** A value as an SQL literal both databases read back to the same value. */
function literal(value: unknown, where: string): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'string') return `'${value.replaceAll('\'', '\'\'')}'`
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  // The app stores text, integers and reals only; anything else would not come back the same.
  throw new Error(`${where}: 无法导出的值 (cannot export a value of type ${typeof value})`)
}

/** Parents before children, so rows load without breaking a foreign key (PostgreSQL checks each statement). */
function orderByForeignKeys(tables: Table[]): Table[] {
  const byName = new Map(tables.map(table => [table.name, table]))
  const ordered: Table[] = []
  const seen = new Set<string>()
  const visit = (table: Table) => {
    if (seen.has(table.name)) return
    seen.add(table.name)
    for (const parent of table.parents) {
      const found = byName.get(parent)
      if (found) visit(found)
    }
    ordered.push(table)
  }
  for (const table of tables) visit(table)
  return ordered
}

async function listTables(db: AnyDb, dialect: Dialect): Promise<Table[]> {
  const tables: Table[] = []
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_' ORDER BY name`.execute(db)
    for (const { name } of rows) {
      if (SKIPPED_TABLES.has(name)) continue
      const columns = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${name}) ORDER BY cid`.execute(db)
      const keys = await sql<{ table: string }>`SELECT "table" FROM pragma_foreign_key_list(${name})`.execute(db)
      tables.push({ name, columns: columns.rows.map(c => c.name), parents: keys.rows.map(k => k.table) })
    }
  }
  else {
    const { rows } = await sql<{ table_name: string, column_name: string }>`SELECT c.table_name, c.column_name
      FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`.execute(db)
    const keys = await sql<{ child: string, parent: string }>`SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent
      FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`.execute(db)
    const byName = new Map<string, Table>()
    for (const { table_name: name, column_name: column } of rows) {
      if (SKIPPED_TABLES.has(name)) continue
      if (!byName.has(name)) byName.set(name, { name, columns: [], parents: [] })
      byName.get(name)!.columns.push(column)
    }
    for (const { child, parent } of keys.rows) byName.get(child)?.parents.push(parent)
    tables.push(...byName.values())
  }
  return orderByForeignKeys(tables)
}

/** The newest migration the database has applied. */
async function appliedMigration(db: AnyDb): Promise<string> {
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(db)
    if (rows[0]) return rows[0].name
  }
  catch { /* no such table: said below */ }
  throw new ExportFileError('DATABASE_NOT_MIGRATED', '数据库还没有建表，没有可导出的数据 (the database has no schema yet: nothing to export)')
}

/** Each table's rows in batches, read inside the caller's transaction. */
async function* batchesOf(db: AnyDb, dialect: Dialect, table: Table): AsyncGenerator<Record<string, unknown>[]> {
  const columns = table.columns.map(quoteId).join(', ')
  if (dialect === 'postgres') {
    // A cursor keeps memory flat however many suggestions there are, inside the same snapshot.
    await sql.raw(`DECLARE yizhan_export NO SCROLL CURSOR FOR SELECT ${columns} FROM ${quoteId(table.name)}`).execute(db)
    for (;;) {
      const { rows } = await sql.raw<Record<string, unknown>>(`FETCH ${ROWS_PER_INSERT} FROM yizhan_export`).execute(db)
      if (!rows.length) break
      yield rows
    }
    await sql.raw('CLOSE yizhan_export').execute(db)
    return
  }
  // SQLite: in insertion order (rowid), which keeps a fixture's diff small when it is made again.
  let after: number | undefined
  for (;;) {
    const { rows } = await sql.raw<Record<string, unknown>>(`SELECT _rowid_ AS "yizhan_rowid", ${columns} FROM ${quoteId(table.name)}
      ${after === undefined ? '' : `WHERE _rowid_ > ${after}`} ORDER BY _rowid_ LIMIT ${ROWS_PER_INSERT}`).execute(db)
    if (!rows.length) break
    after = Number(rows.at(-1)!.yizhan_rowid)
    yield rows.map(({ yizhan_rowid: _rowid, ...row }) => row)
  }
}

/**
 * Writes every app table's rows to `file` from one consistent snapshot: on PostgreSQL one
 * REPEATABLE READ READ ONLY transaction, which the app's writers never wait for. (SQLite backups use
 * the online backup API instead; a SQLite export, for the upgrade fixtures, holds the write lock.)
 */
export async function writeExport(app: AppDatabase, file: string, now = new Date()): Promise<ExportSummary> {
  const out = createWriteStream(file, { flags: 'wx' })
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  const failed = new Promise<never>((_, fail) => out.on('error', fail))
  const work = async (db: AnyDb): Promise<ExportSummary> => {
    const migration = await appliedMigration(db)
    const tables = await listTables(db, app.dialect)
    const summary: ExportSummary = { dialect: app.dialect, migration, madeAt: now.toISOString(), rows: {} }
    await write([
      EXPORT_MARK,
      '-- 驿站地图数据库导出 (yizhan database export): every app table\'s rows, read in one consistent snapshot.',
      `-- dialect: ${summary.dialect}`,
      `-- migration: ${migration}`,
      `-- made: ${summary.madeAt}`,
      '-- Restore into an empty database with `npm run db:restore -- FILE`: it builds the schema up to that',
      '-- migration with the app\'s migrations, loads these rows in one transaction, then applies newer migrations.',
      '',
      // Rows the migrations put in (settings, counters) make way for the exported ones; children first.
      ...tables.toReversed().map(table => `DELETE FROM ${quoteId(table.name)};`),
      '',
    ].join('\n'))
    for (const table of tables) {
      let count = 0
      const head = `INSERT INTO ${quoteId(table.name)} (${table.columns.map(quoteId).join(', ')}) VALUES\n`
      for await (const rows of batchesOf(db, app.dialect, table)) {
        const values = rows.map((row, i) => `(${table.columns.map(column => literal(row[column], `${table.name}.${column} (row ${count + i + 1})`)).join(', ')})`)
        await write(`${head}${values.join(',\n')};\n`)
        count += rows.length
      }
      summary.rows[table.name] = count
    }
    await write(`-- rows: ${Object.entries(summary.rows).map(([name, count]) => `${name}=${count}`).join(' ')}\n${END_MARK}\n`)
    return summary
  }
  try {
    const summary = app.dialect === 'postgres'
      ? await app.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work)
      : await app.db.transaction().execute(work)
    out.end()
    await Promise.race([once(out, 'close'), failed])
    return summary
  }
  catch (error) {
    out.destroy()
    rmSync(file, { force: true })
    throw error
  }
}

/** Reads up to `length` bytes at `position` (negative: from the end). */
function readBytes(file: string, length: number, fromEnd = false): string {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    const start = fromEnd ? Math.max(0, size - length) : 0
    const buffer = Buffer.alloc(Math.min(length, size - start))
    readSync(fd, buffer, 0, buffer.length, start)
    return buffer.toString('utf8')
  }
  finally {
    closeSync(fd)
  }
}

/** True when the file starts as an export does (the kind is told by content, not by name). */
export function isExport(file: string): boolean {
  return readBytes(file, EXPORT_MARK.length + 1).startsWith(`${EXPORT_MARK}\n`)
}

/** An export's header and footer; refuses a file cut short. */
export function readExportSummary(file: string): ExportSummary {
  const head = readBytes(file, 4096)
  const field = (name: string) => new RegExp(`^-- ${name}: (\\S+)$`, 'm').exec(head)?.[1]
  const dialect = field('dialect')
  const migration = field('migration')
  if (!head.startsWith(EXPORT_MARK) || (dialect !== 'sqlite' && dialect !== 'postgres') || !migration) {
    throw new ExportFileError('EXPORT_UNREADABLE', `${file}: 不是可读的驿站地图数据库导出 (not a readable yizhan export)`)
  }
  const tail = readBytes(file, 4096, true)
  const rowsLine = /^-- rows: (.*)$/m.exec(tail)?.[1]
  if (!tail.endsWith(`${END_MARK}\n`) || rowsLine === undefined) {
    throw new ExportFileError('EXPORT_TRUNCATED', `${file}: 导出文件不完整，缺少结尾 (the export is cut short: its last line is missing)`)
  }
  const rows = Object.fromEntries(rowsLine.split(' ').filter(Boolean).map((pair) => {
    const [name, count] = pair.split('=')
    return [name!, Number(count)]
  }))
  return { dialect, migration, madeAt: field('made') ?? '', rows }
}

/** The statements of an export one at a time: a statement ends at a line ending in `;` outside a string. */
async function* statementsOf(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
  let statement: string[] = []
  let inString = false
  for await (const line of lines) {
    if (!statement.length && (line === '' || line.startsWith('--'))) continue
    statement.push(line)
    // A doubled quote inside a string toggles twice: the count's parity says where the line ends.
    for (const char of line) if (char === '\'') inString = !inString
    if (!inString && line.endsWith(';')) {
      yield statement.join('\n')
      statement = []
    }
  }
  if (statement.length) throw new ExportFileError('EXPORT_TRUNCATED', `${file}: 最后一条语句不完整 (the last statement is cut short)`)
}

/** PostgreSQL: each serial column's sequence continues after the highest loaded value. */
async function advanceSequences(db: AnyDb) {
  const { rows } = await sql<{ table_name: string, column_name: string }>`SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`.execute(db)
  for (const { table_name: table, column_name: column } of rows) {
    await sql`SELECT setval(pg_get_serial_sequence(${quoteId(table)}, ${column}), coalesce(max(${sql.id(column)}), 0) + 1, false) FROM ${sql.id(table)}`.execute(db)
  }
}

/**
 * Triggers off while rows load, as pg_dump restores data before its triggers: the rows already hold
 * what a trigger would write (0003's filled station_confirmations from each confirm inserted). Returns
 * the function that puts them back, in the same transaction.
 */
async function disableTriggers(db: AnyDb, dialect: Dialect, tables: string[]): Promise<() => Promise<void>> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string, sql: string }>`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`.execute(db)
    for (const trigger of rows) await sql`DROP TRIGGER ${sql.id(trigger.name)}`.execute(db)
    return async () => {
      for (const trigger of rows) await sql.raw(trigger.sql).execute(db)
    }
  }
  // USER: the app's triggers; foreign keys (system triggers) stay checked.
  for (const table of tables) await sql`ALTER TABLE ${sql.id(table)} DISABLE TRIGGER USER`.execute(db)
  return async () => {
    for (const table of tables) await sql`ALTER TABLE ${sql.id(table)} ENABLE TRIGGER USER`.execute(db)
  }
}

/**
 * Loads an export into `app`'s database, which must hold no app data: builds the schema up to the
 * export's migration, then deletes what the migrations put in and inserts the rows, all in one
 * transaction, and checks each table's count against the footer. Newer migrations are the caller's
 * (migrateToLatest), as after any restore.
 */
export async function loadExport(app: AppDatabase, file: string): Promise<ExportSummary> {
  const summary = readExportSummary(file)
  const migrations = migrationsFor(app.dialect)
  if (!(summary.migration in migrations)) {
    throw new ExportFileError('BACKUP_NEWER_THAN_CODE', `${file}: 备份来自更新的版本（迁移 ${summary.migration}），这份代码不认识；请先部署那个版本 (the backup comes from a newer release: deploy it first)`)
  }
  const { error } = await new Migrator({ db: app.db, provider: { getMigrations: async () => migrations } }).migrateTo(summary.migration)
  if (error) throw error
  await app.db.transaction().execute(async (trx) => {
    // SQLite checks foreign keys at commit, as PostgreSQL's load order already respects them.
    if (app.dialect === 'sqlite') await sql`PRAGMA defer_foreign_keys = ON`.execute(trx)
    const enableTriggers = await disableTriggers(trx, app.dialect, Object.keys(summary.rows))
    for await (const statement of statementsOf(file)) await sql.raw(statement).execute(trx)
    await enableTriggers()
    if (app.dialect === 'postgres') await advanceSequences(trx)
    for (const [table, expected] of Object.entries(summary.rows)) {
      const { rows } = await sql<{ count: number | string }>`SELECT count(*) AS count FROM ${sql.id(table)}`.execute(trx)
      if (Number(rows[0]!.count) !== expected) {
        throw new ExportFileError('EXPORT_COUNTS_DIFFER', `${file}: 表 ${table} 载入 ${rows[0]!.count} 行，导出时为 ${expected} 行 (row count differs from the export's)`)
      }
    }
  })
  return summary
}
