import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { migrateToLatest, openDatabase, type AppDatabase, type DatabaseTarget } from '../../server/database/connection'
import { createStores, type Stores } from '../../server/database/stores'

// The databases and Redis the tests run against. SQLite always; PostgreSQL and Redis when
// TEST_DATABASE_URL and TEST_REDIS_URL are set (.ci/run sets them). Each test makes its own
// database or key prefix and removes it afterwards.

/** A PostgreSQL server the tests may create databases on, e.g. postgres://postgres@127.0.0.1:5432/test. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined
/** A Redis server the tests may write keys on (under a prefix of their own). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || undefined

export type Dialect = DatabaseTarget['dialect']

/** The databases this run covers. */
export const DIALECTS: Dialect[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']

export interface TestDatabase {
  target: DatabaseTarget
  /** As DATABASE_URL for a server: `file:/…` or `postgres://…`. */
  url: string
  drop(): Promise<void>
}

const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`

/** A new, empty database: a SQLite file in a temporary folder, or a PostgreSQL database on TEST_DATABASE_URL's server. */
export async function freshDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-db-'))
    const path = join(dir, 'test.sqlite')
    return { target: { dialect, path }, url: `file:${path}`, drop: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set')
  const name = uniqueName('yizhan_test')
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  }
  finally {
    await admin.end()
  }
  const url = new URL(TEST_DATABASE_URL)
  url.pathname = `/${name}`
  return {
    target: { dialect, url: url.toString() },
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      }
      finally {
        await client.end()
      }
    },
  }
}

/** A Redis connection and a key prefix of the test's own; `drop` deletes every key under it. */
export async function freshRedis(): Promise<{ redis: Redis, prefix: string, drop: () => Promise<void> }> {
  if (!TEST_REDIS_URL) throw new Error('TEST_REDIS_URL is not set')
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 })
  // Connected before use: limiters count in memory, not in Redis, until the connection is ready.
  await redis.ping()
  const prefix = uniqueName('yizhan-test')
  return {
    redis,
    prefix,
    async drop() {
      const keys = await redis.keys(`${prefix}:*`)
      if (keys.length) await redis.del(...keys)
      redis.disconnect()
    },
  }
}

/**
 * A fresh, migrated database of `dialect` for one describe block, with the stores over it: made
 * before its tests, closed and dropped after. Read `app`, `stores` and `target` inside the tests.
 */
export function migratedStores(dialect: Dialect): { app: AppDatabase, stores: Stores, target: DatabaseTarget } {
  const opened = {} as { app: AppDatabase, stores: Stores, target: DatabaseTarget }
  let database: TestDatabase | undefined
  beforeAll(async () => {
    database = await freshDatabase(dialect)
    opened.target = database.target
    opened.app = openDatabase(database.target)
    await migrateToLatest(opened.app)
    opened.stores = createStores(opened.app.db)
  })
  afterAll(async () => {
    await opened.app?.close()
    await database?.drop()
  })
  return opened
}
