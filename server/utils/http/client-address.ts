import { getRequestHeader, getRequestHost, getRequestIP, getRequestProtocol, type H3Event } from 'h3'
import { logger } from '../ops/logger'

let warnedShortChain = false

/**
 * The entry a trusted proxy chain vouches for in a comma-separated `X-Forwarded-*` header: `hops`
 * entries from the right, the one the outermost of our own proxies wrote. Undefined with no trusted
 * proxies or no header. A chain shorter than `hops` means fewer proxies than configured: its leftmost
 * entry is then the farthest one there is (and a warning is logged once).
 */
export function trustedForwardedEntry(header: string | undefined, hops: number): string | undefined {
  if (hops < 1 || !header) return undefined
  const entries = header.split(',').map(entry => entry.trim()).filter(Boolean)
  if (!entries.length) return undefined
  if (entries.length < hops && !warnedShortChain) {
    warnedShortChain = true
    logger.warn(`[proxy] X-Forwarded-For has ${entries.length} entries, fewer than NUXT_TRUST_PROXY_HOPS=${hops}: is the setting too high?`)
  }
  return entries[Math.max(0, entries.length - hops)]
}

/** An address without brackets or port: `[2001:db8::1]:443` → `2001:db8::1`, `198.51.100.7:5000` → `198.51.100.7`. */
export function bareAddress(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry)
  if (bracketed) return bracketed[1]!
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry)
  return v4WithPort ? v4WithPort[1]! : entry
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

/** An IPv4 address's four octets, also written as IPv6 (`::ffff:203.0.113.9`); undefined for anything else. */
function ipv4Octets(address: string): string[] | undefined {
  return IPV4.exec(address.replace(/^::ffff:/i, ''))?.slice(1)
}

/** An IPv6 address's eight groups, `::` expanded, leading zeros dropped (a trailing dotted quad counts as two). */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const width = (groups: string[]) => groups.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0)
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - width(left) - width(right))).fill('0'), ...right]
  return groups.map(group => group.replace(/^0+(?=.)/, ''))
}

/** The part of an address that names one client: IPv4 as is, IPv6 by its /64 (one home or phone). */
export function clientNetwork(address: string): string {
  const octets = ipv4Octets(address)
  if (octets) return octets.join('.')
  if (!address.includes(':')) return address
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`
}

/**
 * The network a client hash is made from: IPv4 by its /24, IPv6 by its /48. Coarser than one client,
 * so that trying every address against a copied database finds a neighbourhood, never a person.
 */
export function hashedNetwork(address: string): string {
  const octets = ipv4Octets(address)
  if (octets) return `${octets.slice(0, 3).join('.')}.0/24`
  if (!address.includes(':')) return address
  return `${ipv6Groups(address).slice(0, 3).join(':')}::/48`
}

/** How many reverse proxies of our own stand in front of the app (NUXT_TRUST_PROXY_HOPS, default 0). */
export function trustProxyHops(): number {
  const hops = Number(useRuntimeConfig().trustProxyHops)
  return Number.isInteger(hops) && hops > 0 ? hops : 0
}

/**
 * The client's address: the connection's peer, or behind `NUXT_TRUST_PROXY_HOPS` proxies the address
 * the outermost of them saw. Never the leftmost `X-Forwarded-For` entry a client can write itself.
 */
export function clientAddress(event: H3Event): string {
  const forwarded = trustedForwardedEntry(getRequestHeader(event, 'x-forwarded-for'), trustProxyHops())
  return bareAddress(forwarded ?? getRequestIP(event, { xForwardedFor: false }) ?? 'unknown')
}

/** The address's network (IPv6 /64): what rate limits count as one client (the client hash is coarser: `hashedNetwork`). */
export function clientKey(event: H3Event): string {
  return clientNetwork(clientAddress(event))
}

/** `https` or `http` as the client used it: behind trusted proxies, from `X-Forwarded-Proto`. */
export function requestProtocol(event: H3Event): string {
  const forwarded = trustedForwardedEntry(getRequestHeader(event, 'x-forwarded-proto'), trustProxyHops())
  return forwarded?.toLowerCase() ?? getRequestProtocol(event, { xForwardedProto: false })
}

/** The host the client asked for: behind trusted proxies, from `X-Forwarded-Host`. */
export function requestHost(event: H3Event): string {
  return trustedForwardedEntry(getRequestHeader(event, 'x-forwarded-host'), trustProxyHops()) ?? getRequestHost(event, { xForwardedHost: false })
}
