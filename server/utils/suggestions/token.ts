import { createHmac, timingSafeEqual } from 'node:crypto'
import type { UnverifiedReason } from '../../../shared/schemas/suggestion'
import { clientHashSecret } from './client-hash'

/**
 * How long a form token vouches for a form. A person offline longer than this still gets their
 * suggestion in: it is stored and marked for review, like one sent without a token.
 */
export const TOKEN_MAX_AGE_MS = 86_400_000

/** Tokens from a clock a little ahead (another instance) are believed; further ahead, only a key holder could have made them. */
const CLOCK_SKEW_MS = 60_000

let derived: { secret: string, key: Buffer } | undefined

/** A key of its own, derived from the client-hash secret: a token's MAC is never a client hash, nor the other way round. */
function tokenKey(secret: string): Buffer {
  if (derived?.secret !== secret) derived = { secret, key: createHmac('sha256', secret).update('suggestion-form-token').digest() }
  return derived.key
}

/** 22 base64url characters: 132 bits of HMAC-SHA256. */
const mac = (secret: string, issuedAt: number) => createHmac('sha256', tokenKey(secret)).update(`form:${issuedAt}`).digest('base64url').slice(0, 22)

/**
 * A form token: the instant the server issued it and an HMAC of that instant (`1767225600000.<mac>`).
 * Stateless, so any instance checks any other's tokens and nothing is stored per form; a token may
 * be used more than once within its day (the rate limit counts those sends).
 */
export function issueTokenWith(secret: string, now: number): string {
  return `${now}.${mac(secret, now)}`
}

export type TokenCheck = { valid: true, ageMs: number } | { valid: false, reason: Exclude<UnverifiedReason, 'no-token'> }

/** Checks a token's MAC and age: how long ago it was issued, or why it proves nothing. */
export function checkTokenWith(secret: string, token: string, now: number): TokenCheck {
  const [issued = '', given = ''] = token.split('.')
  const issuedAt = Number(issued)
  const expected = Buffer.from(mac(secret, issuedAt))
  if (!/^\d+$/.test(issued) || !Number.isSafeInteger(issuedAt) || Buffer.byteLength(given) !== expected.length
    || !timingSafeEqual(Buffer.from(given), expected) || issuedAt > now + CLOCK_SKEW_MS) {
    return { valid: false, reason: 'bad-token' }
  }
  const ageMs = Math.max(0, now - issuedAt)
  return ageMs > TOKEN_MAX_AGE_MS ? { valid: false, reason: 'expired-token' } : { valid: true, ageMs }
}

/** A token for a form opening now. */
export function issueSuggestionToken(now = Date.now()): string {
  return issueTokenWith(clientHashSecret(), now)
}

/** Checks a token sent with a suggestion, or says there was none. */
export function checkSuggestionToken(token: string | undefined, now = Date.now()): TokenCheck | { valid: false, reason: 'no-token' } {
  return token ? checkTokenWith(clientHashSecret(), token, now) : { valid: false, reason: 'no-token' }
}
