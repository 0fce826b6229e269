import { createHmac, randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import { beijingDate } from '../../../shared/utils/open-state'
import { clientAddress, hashedNetwork } from '../http/client-address'
import { logger } from '../ops/logger'

/** HMAC keys should be at least as long as the hash; nuxt-auth-utils asks the same of its password. */
const MIN_SECRET_LENGTH = 32

/** The one-line reason a built server refuses to start (server/plugins/client-hash.ts). */
export const CLIENT_HASH_SECRET_MISSING = `NUXT_CLIENT_HASH_SECRET is not set (or shorter than ${MIN_SECRET_LENGTH} characters): set it to a random secret, e.g. \`openssl rand -base64 48\`, the same on every instance (README, Configuration)`

let devSecret: string | undefined

/**
 * The secret client hashes are made with: NUXT_CLIENT_HASH_SECRET, never kept in the database beside
 * the hashes. A built server throws without one. Under `nuxt dev` a random secret per process stands
 * in, so `npm install && npm run dev` works with no configuration: nothing is written anywhere, and
 * all it costs is that hashes from before a restart no longer match (bursts span a restart unseen).
 */
export function clientHashSecret(): string {
  const configured = String(useRuntimeConfig().clientHashSecret ?? '')
  if (configured.length >= MIN_SECRET_LENGTH) return configured
  if (!import.meta.dev) throw new Error(CLIENT_HASH_SECRET_MISSING)
  if (!devSecret) {
    devSecret = randomBytes(32).toString('base64url')
    logger.warn('[client-hash] NUXT_CLIENT_HASH_SECRET is not set: using a random secret for this process (development only).')
  }
  return devSecret
}

let dayKey: { secret: string, day: string, key: Buffer } | undefined

/** The key of one Beijing calendar day: a hash made on one day cannot be matched with another day's. */
export function dailyClientHashKey(secret: string, day: string): Buffer {
  if (dayKey?.secret !== secret || dayKey.day !== day) {
    dayKey = { secret, day, key: createHmac('sha256', secret).update(`client-hash:${day}`).digest() }
  }
  return dayKey.key
}

/**
 * The client hash of an address at an instant: its network (IPv4 /24, IPv6 /48) under that Beijing
 * day's key. It links one sender's suggestions within a day (for bursts) and nothing more.
 */
export function clientHashOf(secret: string, address: string, now: Date): string {
  const key = dailyClientHashKey(secret, beijingDate(now.toISOString()))
  return createHmac('sha256', key).update(hashedNetwork(address)).digest('base64url').slice(0, 16)
}

/** The client hash stored with a suggestion from this request; never the address itself. */
export function clientHash(event: H3Event, now = new Date()): string {
  return clientHashOf(clientHashSecret(), clientAddress(event), now)
}
