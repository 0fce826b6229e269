import type { Redis } from 'ioredis'
import { Redis as RedisClient } from 'ioredis'
import { RateLimiterRes } from 'rate-limiter-flexible'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type AppDatabase } from '../../server/database/connection'
import { createLimiter, type LimitRule, type LimitStores } from '../../server/utils/http/limiters'
import { freshDatabase, freshRedis, TEST_DATABASE_URL, TEST_REDIS_URL, type TestDatabase } from '../support/services'

// The limiter contract on each store: memory (one box), PostgreSQL (several boxes without Redis) and
// Redis. The shared stores must give two instances one count.

const rule = (name: string, points = 3, windowMs = 60_000): LimitRule => ({ name, points, windowMs })

/** Consumes once: 'ok', or the seconds until the window ends. */
async function take(limiter: ReturnType<typeof createLimiter>, key: string): Promise<'ok' | number> {
  try {
    await limiter.consume(key)
    return 'ok'
  }
  catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.ceil(rejection.msBeforeNext / 1000)
    throw rejection
  }
}

interface Backend {
  name: string
  enabled: boolean
  shared: boolean
  setup: () => Promise<{ stores: LimitStores, teardown: () => Promise<void> }>
}

const backends: Backend[] = [
  {
    name: 'memory',
    enabled: true,
    shared: false,
    setup: async () => ({ stores: { redisKeyPrefix: 'unused', memoryMaxKeys: 1000 }, teardown: async () => {} }),
  },
  {
    name: 'postgres',
    enabled: !!TEST_DATABASE_URL,
    shared: true,
    async setup() {
      const database: TestDatabase = await freshDatabase('postgres')
      const app: AppDatabase = openDatabase(database.target)
      await migrateToLatest(app)
      return { stores: { pool: app.pool, redisKeyPrefix: 'unused', memoryMaxKeys: 1000 }, teardown: async () => {
        await app.close()
        await database.drop()
      } }
    },
  },
  {
    name: 'redis',
    enabled: !!TEST_REDIS_URL,
    shared: true,
    async setup() {
      const { redis, prefix, drop } = await freshRedis()
      return { stores: { redis, redisKeyPrefix: prefix, memoryMaxKeys: 1000 }, teardown: drop }
    },
  },
]

/** The backend's stores for the tests of one describe block, set up before and removed after them. */
function storesOf(backend: Backend): () => LimitStores {
  let stores: LimitStores
  let teardown: () => Promise<void>
  beforeAll(async () => {
    ({ stores, teardown } = await backend.setup())
  })
  afterAll(() => teardown?.())
  return () => stores
}

describe.each(backends.filter(b => b.enabled))('rate limits in $name', (backend) => {
  const current = storesOf(backend)

  it('allows the limit, then refuses with the time left in the window', async () => {
    const limiter = createLimiter(rule('allow', 3, 60_000), current())
    expect([await take(limiter, 'a'), await take(limiter, 'a'), await take(limiter, 'a')]).toEqual(['ok', 'ok', 'ok'])
    const refused = await take(limiter, 'a')
    expect(refused).toBeGreaterThanOrEqual(1)
    expect(refused).toBeLessThanOrEqual(60)
  })

  it('counts each key apart', async () => {
    const limiter = createLimiter(rule('keys', 1), current())
    expect(await take(limiter, 'a')).toBe('ok')
    expect(await take(limiter, 'a')).not.toBe('ok')
    expect(await take(limiter, 'b')).toBe('ok')
  })

  it('opens again when the window ends', async () => {
    const limiter = createLimiter(rule('window', 1, 1000), current())
    expect(await take(limiter, 'a')).toBe('ok')
    expect(await take(limiter, 'a')).not.toBe('ok')
    await new Promise(r => setTimeout(r, 1100))
    expect(await take(limiter, 'a')).toBe('ok')
  })

  it('counts failures without refusing them, reads the count, and forgets it on request', async () => {
    const limiter = createLimiter(rule('failures', 2), current())
    await limiter.penalty('a')
    await limiter.penalty('a')
    await limiter.penalty('a')
    expect((await limiter.get('a'))?.consumedPoints).toBe(3)
    await limiter.delete('a')
    expect(await limiter.get('a')).toBeNull()
  })
})

describe.each(backends.filter(b => b.enabled && b.shared))('rate limits shared in $name', (backend) => {
  const current = storesOf(backend)

  it('gives two instances one count', async () => {
    const [a, b] = [createLimiter(rule('shared', 4), current()), createLimiter(rule('shared', 4), current())]
    const answers = []
    for (let i = 0; i < 5; i++) answers.push(await take(i % 2 ? b : a, 'client'))
    expect(answers.slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok'])
    expect(answers[4]).not.toBe('ok')
  })
})

describe('the memory limiter', () => {
  it('keeps at most its number of keys, forgetting the least recently used', async () => {
    const limiter = createLimiter(rule('bounded', 1), { redisKeyPrefix: 'unused', memoryMaxKeys: 3 })
    expect(await take(limiter, 'first')).toBe('ok')
    expect(await take(limiter, 'first')).not.toBe('ok')
    for (const key of ['k1', 'k2', 'k3']) await take(limiter, key)
    // 'first' was pushed out by three newer keys: its count starts again.
    expect(await take(limiter, 'first')).toBe('ok')
    // The newest keys are still counted.
    expect(await take(limiter, 'k3')).not.toBe('ok')
  })
})

describe.runIf(!!TEST_REDIS_URL)('rate limits while Redis is down', () => {
  let redis: Redis

  beforeAll(() => {
    // Nothing listens on port 1: every command fails at once.
    redis = new RedisClient('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true })
    redis.on('error', () => {})
  })
  afterAll(() => redis.disconnect())

  it('still limits, in this instance\'s memory', async () => {
    const limiter = createLimiter(rule('outage', 2), { redis, redisKeyPrefix: 'outage', memoryMaxKeys: 100 })
    expect([await take(limiter, 'a'), await take(limiter, 'a')]).toEqual(['ok', 'ok'])
    expect(await take(limiter, 'a')).not.toBe('ok')
  })
})
