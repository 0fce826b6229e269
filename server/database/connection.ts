import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { LRUCache } from 'lru-cache'
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from 'kysely'
import pg from 'pg'
import { migrationsFor, type Dialect } from './migrations'
import type { DatabaseSchema } from './schema'

// Explicit imports only: the CLI scripts (scripts/*.ts, run with jiti) open the database through this file too.

export type DatabaseTarget
  = | { dialect: 'sqlite', path: string }
    | { dialect: 'postgres', url: string }

/**
 * Where the app keeps its data, from `DATABASE_URL`: unset, `file:/path.sqlite` or a plain path is a
 * SQLite file (unset: `.data/yizhan.sqlite` under the working directory); `postgres://…` or
 * `postgresql://…` is PostgreSQL.
 */
export function databaseTarget(url = process.env.DATABASE_URL): DatabaseTarget {
  if (!url) return { dialect: 'sqlite', path: resolve('.data/yizhan.sqlite') }
  if (/^postgres(?:ql)?:\/\//i.test(url)) return { dialect: 'postgres', url }
  if (url.startsWith('file:')) return { dialect: 'sqlite', path: resolve(url.slice('file:'.length).replace(/^\/\/(?=\/)/, '')) }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new Error(`DATABASE_URL 只支持 file:/路径.sqlite（SQLite）或 postgres://…（PostgreSQL），不支持 ${url.split(':')[0]}: (DATABASE_URL: use file:/path.sqlite or postgres://…)`)
  }
  return { dialect: 'sqlite', path: resolve(url) }
}

/** The target for messages: a file path, or the PostgreSQL URL without its password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.dialect === 'sqlite') return target.path
  const url = new URL(target.url)
  if (url.password) url.password = '***'
  return url.toString()
}

export interface AppDatabase {
  db: Kysely<DatabaseSchema>
  dialect: Dialect
  target: DatabaseTarget
  /** PostgreSQL's connection pool (rate limits share it). */
  pool?: pg.Pool
  close(): Promise<void>
}

// Kysely starts SQLite transactions with a plain (deferred) BEGIN. A transaction that reads and then
// writes could then fail with SQLITE_BUSY when another process (the staff CLI, a second server on
// the same file) wrote in between; BEGIN IMMEDIATE takes the write lock first and waits busy_timeout.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'))
  }
}

// SQLite runs DDL inside transactions; Kysely's adapter says it does not, and its migrator would then
// leave a half-applied migration behind a failure, with no lock between two processes migrating.
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl() {
    return true
  }
}

class AppSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config)
  }

  override createDriver() {
    return new ImmediateSqliteDriver(this.config)
  }

  override createAdapter() {
    return new TransactionalSqliteAdapter()
  }
}

/**
 * Switches the file to WAL. Processes opening one new file at the same moment (two `db:migrate`, or
 * instances starting together) each hold the other off: SQLite answers SQLITE_BUSY at once, without
 * waiting its busy timeout (3 processes at once: 21 failures in 100). So: again, after a short
 * pause, for up to 5 s.
 */
function walMode(sqlite: Database.Database) {
  const deadline = Date.now() + 5000
  for (;;) {
    try {
      sqlite.pragma('journal_mode = WAL')
      return
    }
    catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error
      // A synchronous pause (the driver is synchronous, and this runs once, at start-up).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.random() * 40)
    }
  }
}

function openSqlite(path: string): AppDatabase {
  mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  // WAL with synchronous=FULL: a committed write is on disk before the call returns, so an
  // acknowledged suggestion survives a crash or a power cut.
  walMode(sqlite)
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  // Kysely prepares every query anew; the same few statements run on every request, so keep them.
  const statements = new LRUCache<string, Database.Statement>({ max: 500 })
  const database = {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql)
      if (!statement) statements.set(sql, statement = sqlite.prepare(sql))
      return statement
    },
  }
  const db = new Kysely<DatabaseSchema>({ dialect: new AppSqliteDialect({ database }) })
  return { db, dialect: 'sqlite', target: { dialect: 'sqlite', path }, close: () => db.destroy() }
}

function openPostgres(url: string): AppDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_MAX) || 10,
    application_name: 'yizhan',
    // An acknowledged write is flushed to disk, whatever the server's default says.
    options: '-c synchronous_commit=on',
  })
  // A connection that dies while idle must not take the process with it; the next query reconnects.
  pool.on('error', error => console.error('[database] idle PostgreSQL connection failed:', error.message))
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) })
  return { db, dialect: 'postgres', target: { dialect: 'postgres', url }, pool, close: () => db.destroy() }
}

/** Opens the database (nothing is read until the first query). Migrate it before use. */
export function openDatabase(target: DatabaseTarget = databaseTarget()): AppDatabase {
  return target.dialect === 'sqlite' ? openSqlite(target.path) : openPostgres(target.url)
}

/**
 * Applies every pending migration, each database's way of locking against a second process doing
 * the same. Returns the names of those applied now.
 */
export async function migrateToLatest({ db, dialect }: AppDatabase): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrationsFor(dialect) } })
  const { error, results = [] } = await migrator.migrateToLatest()
  const failed = results.find(result => result.status === 'Error')
  if (error) {
    const name = failed ? ` ${failed.migrationName}` : ''
    throw new Error(`数据库迁移${name}失败 (migration failed): ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  return results.filter(result => result.status === 'Success').map(result => result.migrationName)
}
