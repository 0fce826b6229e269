import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// Explicit imports only: the staff CLI (scripts/staff.ts) and unit tests load this file without Nitro.

/** scrypt cost: 2^15 × r 8 × p 3, the OWASP-equivalent of N=2^17 with 32 MiB of memory per hash. */
export const SCRYPT_DEFAULTS = { ln: 15, r: 8, p: 3 } as const
const KEY_LENGTH = 32
const SALT_LENGTH = 16

type Params = { ln: number, r: number, p: number }

function derive(password: string, salt: Buffer, { ln, r, p }: Params, keyLength: number): Promise<Buffer> {
  const N = 2 ** ln
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }
  return new Promise((done, fail) => scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => error ? fail(error) : done(key)))
}

/**
 * Hashes a password with scrypt and a fresh random salt. The result carries its parameters:
 * `$scrypt$ln=15,r=8,p=3$<salt base64>$<hash base64>`, so the cost can change later.
 */
export async function hashStaffPassword(password: string, params: Params = SCRYPT_DEFAULTS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await derive(password, salt, params, KEY_LENGTH)
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

function parse(hash: string): { params: Params, salt: Buffer, key: Buffer } | undefined {
  const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash)
  if (!match) return undefined
  const [ln, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (ln < 1 || ln > 20 || r < 1 || p < 1) return undefined
  return { params: { ln, r, p }, salt: Buffer.from(match[4]!, 'base64'), key: Buffer.from(match[5]!, 'base64') }
}

/** True when `password` matches `hash` (compared in constant time). False for a malformed hash. */
export async function verifyStaffPassword(hash: string, password: string): Promise<boolean> {
  const parsed = parse(hash)
  if (!parsed || parsed.key.length === 0) return false
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length)
  return timingSafeEqual(key, parsed.key)
}

/** True when `hash` was made with other parameters than today's (rehash at the next sign-in). */
export function staffPasswordNeedsRehash(hash: string, params: Params = SCRYPT_DEFAULTS): boolean {
  const parsed = parse(hash)
  return !parsed || parsed.params.ln !== params.ln || parsed.params.r !== params.r || parsed.params.p !== params.p
}

let dummy: Promise<string> | undefined

/**
 * A hash of a random password, verified against when the account is unknown, so an unknown
 * email costs as much time as a wrong password.
 */
export function dummyStaffPasswordHash(): Promise<string> {
  dummy ??= hashStaffPassword(randomBytes(16).toString('hex'))
  return dummy
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789'

/** A new password for an account, made by the server: 3 groups of 4 (about 59 bits), e.g. `k7mp-x2qd-9hte`. */
export function generateStaffPassword(): string {
  return Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => READABLE[randomInt(READABLE.length)]).join('')).join('-')
}
