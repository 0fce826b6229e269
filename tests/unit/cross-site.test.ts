import { describe, expect, it } from 'vitest'
import { isCrossSiteRequest, isStaffApiPath } from '../../server/utils/http/cross-site'

describe('isCrossSiteRequest', () => {
  const host = 'yizhan.example.org'
  it.each<[string, { origin?: string, secFetchSite?: string, allowed?: string[] }, boolean]>([
    ['same-origin fetch', { origin: 'https://yizhan.example.org', secFetchSite: 'same-origin' }, false],
    ['a cross-site fetch', { origin: 'https://evil.example', secFetchSite: 'cross-site' }, true],
    ['a same-site sibling', { origin: 'https://blog.example.org', secFetchSite: 'same-site' }, true],
    ['a user-initiated request (Sec-Fetch-Site: none)', { secFetchSite: 'none' }, false],
    ['an old browser from the same origin', { origin: 'https://yizhan.example.org' }, false],
    ['an old browser from another origin', { origin: 'https://evil.example' }, true],
    ['another port on the same host', { origin: 'https://yizhan.example.org:8443' }, true],
    ['a sandboxed frame (Origin: null)', { origin: 'null' }, true],
    ['a garbage Origin', { origin: '::::' }, true],
    ['no Origin and no Sec-Fetch-Site (curl, scripts)', {}, false],
    ['an allowed other origin', { origin: 'https://admin.example.net', secFetchSite: 'cross-site', allowed: ['https://admin.example.net'] }, false],
    ['same-origin even when a proxy rewrote Host', { origin: 'https://yizhan.example.org', secFetchSite: 'same-origin' }, false],
  ])('%s → cross-site: %s', (_name, { origin, secFetchSite, allowed = [] }, expected) => {
    expect(isCrossSiteRequest({ origin, secFetchSite, host, allowedOrigins: new Set(allowed) })).toBe(expected)
  })

  it('compares the Origin host case-insensitively with the Host header', () => {
    expect(isCrossSiteRequest({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' })).toBe(false)
    expect(isCrossSiteRequest({ origin: 'https://Yizhan.Example.org', host: 'YIZHAN.example.org' })).toBe(false)
  })
})

describe('isStaffApiPath', () => {
  it.each([
    ['/api/admin/stations/a', true],
    ['/api/admin', true],
    ['/api/auth/login', true],
    ['/api/_auth/session', true],
    ['/api/%61dmin/staff', true],
    ['//api//admin/staff', true],
    ['/API/Admin/staff?x=1', true],
    ['/api/suggestions', false],
    ['/api/stations', false],
    ['/api/administrator', false],
    ['/admin', false],
  ])('%s → %s', (path, expected) => {
    expect(isStaffApiPath(path)).toBe(expected)
  })
})
