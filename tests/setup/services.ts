import { Redis } from 'ioredis'
import pg from 'pg'

/**
 * Before the store and many-box suites: says in one line what they run against. A server named in
 * TEST_DATABASE_URL or TEST_REDIS_URL that does not answer fails the run (CI must not skip them);
 * without those variables the PostgreSQL and Redis suites are skipped.
 */
export default async function checkServices() {
  const { TEST_DATABASE_URL, TEST_REDIS_URL } = process.env
  const missing = [!TEST_DATABASE_URL && 'TEST_DATABASE_URL', !TEST_REDIS_URL && 'TEST_REDIS_URL'].filter(Boolean)
  if (TEST_DATABASE_URL) {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 })
    try {
      await client.connect()
      await client.query('SELECT 1')
    }
    catch (error) {
      throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer: ${(error as Error).message}`, { cause: error })
    }
    finally {
      await client.end().catch(() => {})
    }
  }
  if (TEST_REDIS_URL) {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 5000, retryStrategy: () => null })
    try {
      await redis.connect()
      await redis.ping()
    }
    catch (error) {
      throw new Error(`TEST_REDIS_URL is set but Redis does not answer: ${(error as Error).message}`, { cause: error })
    }
    finally {
      redis.disconnect()
    }
  }
  console.log(missing.length
    ? `PostgreSQL/Redis suites: skipped (${missing.join(' and ')} not set; .ci/run sets them, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test TEST_REDIS_URL=redis://127.0.0.1:6379)`
    : 'PostgreSQL/Redis suites: running against TEST_DATABASE_URL and TEST_REDIS_URL')
}
