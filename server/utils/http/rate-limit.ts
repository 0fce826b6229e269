import { createHash } from 'node:crypto'
import type { H3Event } from 'h3'
import { Redis } from 'ioredis'
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import { createLimiter, type LimitRule } from './limiters'

let redis: Redis | undefined
const limiters = new Map<string, RateLimiterAbstract>()

/** The Redis connection for limits (REDIS_URL), made once; undefined without one. */
function useRedis(): Redis | undefined {
  const url = process.env.REDIS_URL
  if (!url) return undefined
  if (!redis) {
    let lastLogged = 0
    redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: 'yizhan' })
    // While Redis is away, each instance limits on its own (the insurance limiter); say so once a minute.
    redis.on('error', (error: Error) => {
      if (Date.now() - lastLogged < 60_000) return
      lastLogged = Date.now()
      logger.error(`[rate-limit] Redis unreachable, limiting per instance meanwhile: ${error.message}`)
    })
  }
  return redis
}

/** The Redis connection limits use (REDIS_URL), for the readiness check; undefined without one. */
export function rateLimitRedis(): Redis | undefined {
  return useRedis()
}

/**
 * Connects to Redis (with REDIS_URL) and resolves once it is ready, has failed, or `timeoutMs` passed.
 * Until it is ready the limiters count in this process's memory only, so a new instance taking
 * requests before would let its first ones past the shared limit.
 */
export function connectRateLimits(timeoutMs = 2000): Promise<void> {
  const client = useRedis()
  if (!client || client.status === 'ready') return Promise.resolve()
  return new Promise((done) => {
    const finish = () => {
      clearTimeout(timer)
      client.off('ready', finish)
      client.off('error', finish)
      done()
    }
    const timer = setTimeout(finish, timeoutMs)
    client.once('ready', finish)
    client.once('error', finish)
  })
}

/** The limiter for a rule, made once per process over the configured stores (see createLimiter). */
function limiterFor(event: H3Event, rule: LimitRule): RateLimiterAbstract {
  const id = `${rule.name}:${rule.points}:${rule.windowMs}`
  let limiter = limiters.get(id)
  if (!limiter) {
    const config = useRuntimeConfig().rateLimit
    limiter = createLimiter(rule, {
      redis: useRedis(),
      pool: useDatabase().pool,
      redisKeyPrefix: String(config.redisKeyPrefix),
      memoryMaxKeys: Number(config.memoryMaxKeys),
    })
    limiters.set(id, limiter)
  }
  return limiter
}

function refuse(event: H3Event, rule: LimitRule, res: RateLimiterRes): never {
  countRateLimited(rule.name)
  const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000))
  setResponseHeader(event, 'Retry-After', retryAfter)
  throw apiError(429, 'RATE_LIMITED', '提交太频繁，请稍后再试', { retryAfter })
}

/** Counts this request against `rule` for `key`: past the limit, 429 RATE_LIMITED with `Retry-After` in seconds. */
export async function enforceRateLimit(event: H3Event, rule: LimitRule, key: string) {
  try {
    await limiterFor(event, rule).consume(key)
  }
  catch (rejection) {
    if (rejection instanceof RateLimiterRes) refuse(event, rule, rejection)
    throw rejection
  }
}

/** 429 when `key` has already used up `rule`, without counting this request (pair with `countAgainstLimit`). */
export async function assertUnderLimit(event: H3Event, rule: LimitRule, key: string) {
  const res = await limiterFor(event, rule).get(key)
  if (res && res.consumedPoints >= rule.points) refuse(event, rule, res)
}

/** Counts one failure against `rule` for `key` (a wrong password), never refusing by itself. */
export async function countAgainstLimit(event: H3Event, rule: LimitRule, key: string) {
  await limiterFor(event, rule).penalty(key)
}

/** Forgets what `key` has used of `rule` (a successful sign-in). */
export async function clearLimit(event: H3Event, rule: LimitRule, key: string) {
  await limiterFor(event, rule).delete(key)
}

/** A limit key for a personal value (an email): hashed, so the limit store never holds it. */
export function hashedLimitKey(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 32)
}

/** Closes the Redis connection (at shutdown). */
export async function closeRateLimits() {
  limiters.clear()
  const open = redis
  redis = undefined
  await open?.quit().catch(() => open.disconnect())
}
