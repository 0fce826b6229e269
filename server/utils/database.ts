import { migrateToLatest, openDatabase, type AppDatabase } from '../database/connection'
import { createStores, type Stores } from '../database/stores'
import { logger } from './ops/logger'

let database: AppDatabase | undefined
let stores: Stores | undefined
let ready: Promise<void> | undefined

/** The app's database (DATABASE_URL: SQLite by default, or PostgreSQL), opened once per process. */
export function useDatabase(): AppDatabase {
  database ??= openDatabase()
  return database
}

/** The app's stores: the one way the server reaches what it keeps. */
export function useStores(): Stores {
  stores ??= createStores(useDatabase().db, stationDataChanged)
  return stores
}

/** Resolves once the schema is up to date (started at start-up by server/plugins/database.ts). */
export function databaseReady(): Promise<void> {
  ready ??= migrateToLatest(useDatabase()).then((applied) => {
    if (applied.length) logger.info(`[database] applied migrations: ${applied.join(', ')}`)
  })
  return ready
}

/** Closes the database (at shutdown). */
export async function closeDatabase() {
  const open = database
  database = undefined
  stores = undefined
  ready = undefined
  await open?.close()
}
