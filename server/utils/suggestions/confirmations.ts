import { createHmac } from 'node:crypto'
import type { H3Event } from 'h3'
import { clientAddress, hashedNetwork } from '../http/client-address'
import { clientHashSecret } from './client-hash'

let derived: { secret: string, key: Buffer } | undefined

/**
 * Who confirmed a station, as the public count needs it: the sender's network (IPv4 /24, IPv6 /48,
 * as the client hash) and the station under a key of its own. The daily client hash cannot count
 * people over 30 days (it changes every day, by design); this one stays the same for one network
 * and one station, and means nothing for any other station. Kept, one row per station and network,
 * only while it counts (server/database/stores/suggestions.ts, station_confirmers).
 */
export function confirmSenderOf(secret: string, stationId: string, address: string): string {
  if (derived?.secret !== secret) derived = { secret, key: createHmac('sha256', secret).update('confirm-sender').digest() }
  return createHmac('sha256', derived.key).update(`${stationId}\n${hashedNetwork(address)}`).digest('base64url').slice(0, 16)
}

/** The confirm sender of this request for a station. */
export function confirmSender(event: H3Event, stationId: string): string {
  return confirmSenderOf(clientHashSecret(), stationId, clientAddress(event))
}
