import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { MIGRATIONS } from '../database/migrations'

let db: Database.Database | undefined

/**
 * Where the database lives: `DATABASE_URL=file:/abs/path.sqlite` (or a plain path), unset: `.data/yizhan.sqlite`
 * under the working directory.
 */
export function databasePath(url = process.env.DATABASE_URL): string {
  if (!url) return resolve('.data/yizhan.sqlite')
  if (url.startsWith('file:')) return resolve(url.slice('file:'.length).replace(/^\/\/(?=\/)/, ''))
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw new Error(`DATABASE_URL: only SQLite files (file:/path.sqlite) are supported, got ${url.split(':')[0]}:`)
  return resolve(url)
}

/** Applies pending migrations, each in its own transaction. Returns the schema version. */
export function migrate(database: Database.Database): number {
  let version = database.pragma('user_version', { simple: true }) as number
  for (const migration of MIGRATIONS) {
    if (migration.version <= version) continue
    database.transaction(() => {
      database.exec(migration.sql)
      database.pragma(`user_version = ${migration.version}`)
    })()
    version = migration.version
  }
  return version
}

/**
 * The app's SQLite database, opened once. WAL with synchronous=FULL: a committed write is on disk
 * before the call returns, so an acknowledged suggestion survives a crash or a power cut.
 */
export function useDb(): Database.Database {
  if (db) return db
  const path = databasePath()
  mkdirSync(dirname(path), { recursive: true })
  const database = new Database(path)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('busy_timeout = 5000')
  database.pragma('foreign_keys = ON')
  migrate(database)
  db = database
  return db
}
