import { createHmac } from 'node:crypto'
import type { H3Event } from 'h3'

let secret: string | undefined

/** The part of an address that names one client: IPv4 as is, IPv6 by its /64 (one home or phone). */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  if (!address.includes(':')) return address
  const [head = '', tail] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups.slice(0, 4).map(g => g.replace(/^0+(?=.)/, '')).join(':')}::/64`
}

/**
 * A salted hash of the client's address, stored with each suggestion so staff can see bursts from
 * one client without the address ever being stored. The secret is made once per database.
 */
export function clientHash(event: H3Event): string {
  secret ??= useDb().prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = 'client_hash_secret'`).get()!.value
  return createHmac('sha256', secret).update(clientNetwork(clientAddress(event))).digest('base64url').slice(0, 16)
}
