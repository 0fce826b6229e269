import { createHmac } from 'node:crypto'
import type { H3Event } from 'h3'

let secret: Promise<string> | undefined

/**
 * A salted hash of the client's network (IPv6 /64), stored with each suggestion so staff can see
 * bursts from one client without the address ever being stored. The secret is made once per database.
 */
export async function clientHash(event: H3Event): Promise<string> {
  secret ??= useStores().settings.get('client_hash_secret').then((value) => {
    if (!value) throw new Error('settings: client_hash_secret is missing')
    return value
  }).catch((error: unknown) => {
    secret = undefined
    throw error
  })
  return createHmac('sha256', await secret).update(clientKey(event)).digest('base64url').slice(0, 16)
}
