import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type { Pool } from 'pg'
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, type IRateLimiterOptions, type RateLimiterAbstract } from 'rate-limiter-flexible'

// Explicit imports only: the store tests build limiters from this file without Nitro.

/** A limit: at most `points` in each window of `windowMs`, per key. */
export interface LimitRule {
  name: string
  points: number
  windowMs: number
}

/** Where limits can be counted. */
export interface LimitStores {
  redis?: Redis
  /** PostgreSQL, when that is the database (the `rate_limits` table of migration 0003). */
  pool?: Pool
  /** Prefix of the keys in Redis, so several apps (or test runs) can share one. */
  redisKeyPrefix: string
  /** Keys the in-memory limiter keeps at most. */
  memoryMaxKeys: number
}

/**
 * rate-limiter-flexible's memory store, with a bound on the keys it keeps: past `maxKeys` the least
 * recently used key is forgotten (its count starts again), so a flood of new addresses costs a
 * fixed amount of memory instead of growing it.
 */
export class BoundedRateLimiterMemory extends RateLimiterMemory {
  readonly #keys: LRUCache<string, true>

  constructor(options: IRateLimiterOptions, maxKeys: number) {
    super(options)
    this.#keys = new LRUCache({ max: maxKeys, dispose: (_value, key, reason) => void (reason === 'evict' && this.delete(key)) })
  }

  override consume(key: string | number, points?: number, options?: Record<string, unknown>) {
    this.#keys.set(String(key), true)
    return super.consume(key, points, options)
  }

  override penalty(key: string | number, points?: number, options?: Record<string, unknown>) {
    this.#keys.set(String(key), true)
    return super.penalty(key, points, options)
  }
}

/**
 * A fixed-window limiter for `rule`: in Redis when there is one, else in PostgreSQL when that is the
 * database (shared by every instance either way), else in this process's memory (one box). A shared
 * store that fails falls back to a memory limiter, so an outage neither lets floods in nor locks
 * everyone out.
 */
export function createLimiter(rule: LimitRule, { redis, pool, redisKeyPrefix, memoryMaxKeys }: LimitStores): RateLimiterAbstract {
  const options = { keyPrefix: rule.name, points: rule.points, duration: Math.max(1, Math.ceil(rule.windowMs / 1000)) }
  const memory = new BoundedRateLimiterMemory(options, memoryMaxKeys)
  if (redis) {
    return new RateLimiterRedis({ ...options, keyPrefix: `${redisKeyPrefix}:rl:${rule.name}`, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: memory })
  }
  if (pool) {
    return new RateLimiterPostgres({ ...options, storeClient: pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, insuranceLimiter: memory })
  }
  return memory
}
