import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GeoJsonFeatureCollection } from '../../shared/utils/open-data'
import { startServer } from '../setup/server'
import { addStaff, call, openStores, PASSWORD } from './staff-client'

/**
 * Headers and absolute links (issue 11): a strict CSP on every page, links from the configured
 * NUXT_PUBLIC_SITE_URL and never from the request's Host, and a __Host- Secure staff cookie when
 * the site is https. A server of its own, with that URL set.
 */
const SITE = 'https://yizhan.example.org'
let baseURL: string
let child: ChildProcess | undefined
let dataDir: string
let databasePath: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yizhan-site-'))
  databasePath = join(dataDir, 'site.sqlite')
  const started = await startServer({ DATABASE_URL: `file:${databasePath}`, NUXT_PUBLIC_SITE_URL: SITE })
  baseURL = started.baseURL
  child = started.child
})

afterAll(() => {
  child?.kill('SIGTERM')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** One directive of a CSP header, as its list of sources. */
const directive = (csp: string, name: string) => csp.split(';').map(part => part.trim().split(/\s+/)).find(([key]) => key === name)?.slice(1)

describe('the Content-Security-Policy of a page', () => {
  it.each(['/', '/suggest', '/admin/login'])('%s allows scripts only by nonce, without \'unsafe-inline\' or https:, and nothing from elsewhere by default', async (path) => {
    const response = await fetch(`${baseURL}${path}`)
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(directive(csp, 'script-src')).toEqual(['\'self\'', '\'strict-dynamic\'', expect.stringMatching(/^'nonce-[\w+/=-]{16,}'$/)])
    expect(directive(csp, 'default-src')).toEqual(['\'self\''])
    expect(directive(csp, 'style-src')).not.toContain('https:')
    expect(directive(csp, 'object-src')).toEqual(['\'none\''])
    // Every script the page runs carries that nonce (JSON data blocks are not run).
    const html = await response.text()
    const nonce = directive(csp, 'script-src')![2]!.slice(7, -1)
    const scripts = (html.match(/<script\b[^>]*>/g) ?? []).filter(tag => !/type="application\/(?:ld\+)?json"/.test(tag))
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
  })
})

describe('absolute links from NUXT_PUBLIC_SITE_URL', () => {
  it('open data and posters link to the configured site whatever Host the request names', async () => {
    // (tests/server/open-data.test.ts sends a raw Host header; fetch() keeps its own.)
    const headers = { 'x-forwarded-host': 'evil.example' }
    const geo = await (await fetch(`${baseURL}/api/stations.geojson`, { headers })).json() as GeoJsonFeatureCollection
    const first = geo.features[0]!
    expect(first.properties.url).toBe(`${SITE}/stations/${first.id}`)
    const poster = await (await fetch(`${baseURL}/stations/${first.id}/poster`, { headers })).text()
    expect(poster).not.toContain('evil.example')
    expect(poster).toMatch(new RegExp(`<img[^>]*src="data:image/svg\\+xml;[^"]*"[^>]*alt="二维码，链接到 ${SITE}/stations/${first.id}"|<img[^>]*alt="二维码，链接到 ${SITE}/stations/${first.id}"[^>]*src="data:image/svg\\+xml;`))
  })

  it('share cards carry absolute URLs of the configured site', async () => {
    const geo = await (await fetch(`${baseURL}/api/stations.geojson`)).json() as GeoJsonFeatureCollection
    const html = await (await fetch(`${baseURL}/stations/${geo.features[0]!.id}`)).text()
    const og = (property: string) => new RegExp(`<meta[^>]*property="og:${property}"[^>]*content="([^"]*)"`).exec(html)?.[1]
    expect(og('url')).toBe(`${SITE}/stations/${geo.features[0]!.id}`)
    expect(og('image')).toBe(`${SITE}/pwa-512x512.png`)
  })
})

describe('the staff cookie on an https site', () => {
  it('is __Host- prefixed, Secure, on path / and for this host only, and signs in', async () => {
    const { stores, close } = openStores(databasePath)
    const admin = await addStaff(stores, 'admin')
    await close()
    const answer = await call(baseURL, 'POST', '/api/auth/login', { body: { email: admin.email, password: PASSWORD } })
    expect(answer.status, answer.text).toBe(200)
    const line = answer.headers.getSetCookie().find(header => header.startsWith('__Host-yizhan-staff='))
    expect(line, answer.headers.getSetCookie().join('\n')).toBeDefined()
    expect(line).toMatch(/;\s*Secure/i)
    expect(line).toMatch(/;\s*Path=\/(;|$)/i)
    expect(line).not.toMatch(/;\s*Domain=/i)
    const me = await call(baseURL, 'GET', '/api/auth/me', { cookie: line!.split(';')[0] })
    expect(me.status).toBe(200)
    expect(me.json.email).toBe(admin.email)
  })
})
