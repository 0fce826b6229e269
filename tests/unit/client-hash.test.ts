import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hashedNetwork } from '../../server/utils/http/client-address'
import { clientHashOf } from '../../server/utils/suggestions/client-hash'

const secret = 'unit-test-client-hash-secret-0123456789abcdef'
// 2026-11-02 in Beijing runs from 2026-11-01T16:00Z to 2026-11-02T16:00Z.
const at = (iso: string) => new Date(iso)

describe('hashedNetwork', () => {
  it.each([
    ['IPv4 by its /24', '203.0.113.9', '203.0.113.0/24'],
    ['IPv4 at the end of its /24', '203.0.113.255', '203.0.113.0/24'],
    ['IPv4 written as IPv6', '::ffff:203.0.113.9', '203.0.113.0/24'],
    ['IPv6 by its /48', '2001:db8:1:2:3:4:5:6', '2001:db8:1::/48'],
    ['IPv6 with :: after the /48', '2001:db8:1::ffff', '2001:db8:1::/48'],
    ['IPv6 with :: inside the /48', '2001:db8::1', '2001:db8:0::/48'],
    ['IPv6 in capitals with leading zeros', '2001:0DB8:00A1:2::1', '2001:db8:a1::/48'],
    ['IPv6 loopback', '::1', '0:0:0::/48'],
    ['IPv6 with a dotted quad at the end', '64:ff9b::203.0.113.9', '64:ff9b:0::/48'],
    ['no address at all', 'unknown', 'unknown'],
  ])('%s: %s → %s', (_name, address, expected) => {
    expect(hashedNetwork(address)).toBe(expected)
  })
})

describe('clientHashOf', () => {
  const noon = at('2026-11-02T04:00:00Z')
  it.each<[string, boolean, [string, Date], [string, Date]]>([
    ['two IPv4 addresses in one /24, one day', true, ['203.0.113.9', noon], ['203.0.113.200', noon]],
    ['IPv4 in neighbouring /24s', false, ['203.0.113.9', noon], ['203.0.114.9', noon]],
    ['IPv4 and the same address written as IPv6', true, ['203.0.113.9', noon], ['::ffff:203.0.113.9', noon]],
    ['two IPv6 addresses in one /48 (other /64s)', true, ['2001:db8:1:2::9', noon], ['2001:db8:1:ffff::1', noon]],
    ['IPv6 in neighbouring /48s', false, ['2001:db8:1::9', noon], ['2001:db8:2::9', noon]],
    ['one address at both ends of a Beijing day', true, ['203.0.113.9', at('2026-11-01T16:00:00Z')], ['203.0.113.9', at('2026-11-02T15:59:59.999Z')]],
    ['one address across Beijing midnight', false, ['203.0.113.9', at('2026-11-01T15:59:59.999Z')], ['203.0.113.9', at('2026-11-01T16:00:00Z')]],
    ['one address on two days', false, ['203.0.113.9', noon], ['203.0.113.9', at('2026-11-03T04:00:00Z')]],
  ])('%s: one hash %s', (_name, same, [firstAddress, firstAt], [secondAddress, secondAt]) => {
    const first = clientHashOf(secret, firstAddress, firstAt)
    const second = clientHashOf(secret, secondAddress, secondAt)
    expect(first === second).toBe(same)
  })

  it('is the network under HMAC(secret, "client-hash:" + Beijing date), 16 base64url characters', () => {
    const dayKey = createHmac('sha256', secret).update('client-hash:2026-11-02').digest()
    const expected = createHmac('sha256', dayKey).update('203.0.113.0/24').digest('base64url').slice(0, 16)
    expect(clientHashOf(secret, '203.0.113.9', noon)).toBe(expected)
    expect(expected).toMatch(/^[\w-]{16}$/)
  })

  it('depends on the secret', () => {
    expect(clientHashOf(secret, '203.0.113.9', noon)).not.toBe(clientHashOf(`${secret}!`, '203.0.113.9', noon))
  })
})
