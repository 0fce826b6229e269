import { describe, expect, it } from 'vitest'
import { bareAddress, clientNetwork, trustedForwardedEntry } from '../../server/utils/http/client-address'

describe('trustedForwardedEntry', () => {
  it.each<[string, string | undefined, number, string | undefined]>([
    ['no proxies: the header is ignored', '198.51.100.7', 0, undefined],
    ['no header', undefined, 1, undefined],
    ['one proxy: the entry it appended', '198.51.100.7', 1, '198.51.100.7'],
    ['one proxy, the client wrote its own entry first', '6.6.6.6, 198.51.100.7', 1, '198.51.100.7'],
    ['two proxies: the entry the outer one appended', '6.6.6.6, 198.51.100.7, 10.0.0.2', 2, '198.51.100.7'],
    ['spaces and empty entries', ' 6.6.6.6 ,, 198.51.100.7 ', 1, '198.51.100.7'],
    ['fewer entries than proxies: the farthest there is', '198.51.100.7', 3, '198.51.100.7'],
    ['IPv6 entries', '2001:db8::1, 2001:db8:1:2::9', 1, '2001:db8:1:2::9'],
  ])('%s', (_name, header, hops, expected) => {
    expect(trustedForwardedEntry(header, hops)).toBe(expected)
  })
})

describe('bareAddress', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['198.51.100.7:5123', '198.51.100.7'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
  ])('%s → %s', (entry, expected) => {
    expect(bareAddress(entry)).toBe(expected)
  })
})

describe('clientNetwork', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s → %s', (address, expected) => {
    expect(clientNetwork(address)).toBe(expected)
  })
})
