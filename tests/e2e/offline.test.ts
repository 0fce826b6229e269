import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { OFFLINE } from '../../shared/offline-config'
import { LIST_PAGE_SIZE } from '../../shared/utils/filters'
import { distanceMeters } from '../../shared/utils/geo'
import type { PlacesResponse } from '../../shared/types/place'
import { addStaff, openStores, PASSWORD } from '../server/staff-client'
import { sameBeijingDay } from '../support/beijing-day'
import { launch, phone } from './browser'

const baseURL = inject('baseURL')
let browser: Browser
let places: PlacesResponse['places']

beforeAll(async () => {
  browser = await launch()
  places = (await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse).places
})
afterAll(() => browser?.close())

/** Opens `/` and waits until the service worker controls the page and has cached the shell. */
async function installed(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto('/')
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller) await new Promise(r => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }))
  })
  // The page that registered the worker was fetched without it: load once more through it.
  await page.reload()
  await page.locator('[data-testid="map"][data-ready="true"]').waitFor()
  await expect.poll(() => page.evaluate(async shell => !!(await caches.match(shell)), OFFLINE.shellPath)).toBe(true)
  return page
}

/**
 * Reloads the page with no connection and waits until the app runs. The cached page is
 * server-rendered, so its list shows before the app has started; the offline notice and the
 * buttons' handlers come only with the app (the map, client-only too, is ready after it).
 */
async function reloadOffline(context: BrowserContext, page: Page) {
  await context.setOffline(true)
  await page.reload()
  await page.locator('[data-testid="map"][data-ready="true"]').waitFor()
}

/** Adds an editor and signs in as them, on the workspace's first page. */
async function signInAsNewEditor(page: Page) {
  const { stores, close } = openStores(inject('databasePath'))
  const email = (await addStaff(stores, 'editor')).email
  await close()
  await page.goto('/admin/login')
  await page.getByLabel(/邮箱/).fill(email)
  await page.getByLabel(/密码/).fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(/\/admin$/)
}

describe('the installable app', () => {
  it('registers a service worker and links a valid Chinese web manifest whose icons exist at their sizes', async () => {
    const context = await phone(browser, baseURL)
    const page = await installed(context)
    const href = await page.locator('link[rel="manifest"]').getAttribute('href')
    const manifest = await (await fetch(new URL(href!, baseURL))).json()
    expect(manifest).toMatchObject({ name: expect.stringContaining('驿站地图'), short_name: '驿站地图', lang: 'zh-CN', display: 'standalone', start_url: '/' })
    expect(manifest.description.length).toBeGreaterThan(10)
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i)
    const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes)
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']))
    expect(manifest.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true)
    for (const icon of manifest.icons as Array<{ src: string, sizes: string, type: string }>) {
      const png = Buffer.from(await (await fetch(new URL(icon.src, baseURL))).arrayBuffer())
      expect(png.subarray(1, 4).toString(), icon.src).toBe('PNG')
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes)
    }
    expect(readFileSync(resolve(import.meta.dirname, '../../public/icon.svg'), 'utf8')).toContain('<svg')
    await context.close()
  })
})

describe('a phone asking for its city\'s places again', () => {
  // Routing requests, as phone() does to stub the tiles, turns Chromium's HTTP cache off. This
  // browser routes nothing: it cannot resolve any host but the test server's, so the tiles fail
  // at once and nothing leaves the machine.
  let plain: Browser
  beforeAll(async () => {
    plain = await launch('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1')
  })
  afterAll(() => plain?.close())
  // The worker's copy and the server's answer must be of one Beijing day (each test takes about 5 s).
  beforeEach(() => sameBeijingDay(30_000))

  /** The app installed in a new context of that browser, and what each of its worker's fetches of the city's places carried over the network. */
  async function installedPlain(options: BrowserContextOptions = {}) {
    const context = await plain.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options })
    const page = await installed(context)
    const worker = context.serviceWorkers()[0]!
    // The worker's fetches from here on: its buffer of timings (250 by default) fills with the precache and the tiles.
    const forget = () => worker.evaluate(() => performance.clearResourceTimings())
    const transferred = () => worker.evaluate(() => performance.getEntriesByType('resource')
      .filter(entry => new URL(entry.name).pathname === '/api/places/city').map(entry => (entry as PerformanceResourceTiming).transferSize))
    return { context, page, forget, transferred }
  }

  it('does not download them again while they are unchanged: its cache asks with their ETag, the server answers 304', async () => {
    const { context, page, forget, transferred } = await installedPlain()
    await forget()
    await page.reload()
    await expect.poll(async () => (await transferred()).length).toBeGreaterThan(0)
    // The page shows them, as from a full answer.
    await expect.poll(() => page.getByTestId('station-card').count()).toBe(LIST_PAGE_SIZE)
    expect(await page.getByTestId('data-age').textContent()).toMatch(/数据更新于 \d{4}-\d\d-\d\d \d\d:\d\d/)
    // Every fetch until then carried headers only: a full answer is over 7 KB even compressed (47 places).
    for (const size of await transferred()) expect(size).toBeLessThan(1000)
    await context.close()
  })

  it('does not download them again from a new point in the same city: the worker names the copy it keeps', async () => {
    // 平遥, 25 km from the centre whose city the worker kept when it installed: another address.
    const here = { lat: 37.2, lng: 112.18 }
    const { context, page, forget, transferred } = await installedPlain({ permissions: ['geolocation'], geolocation: { latitude: here.lat, longitude: here.lng } })
    await forget()
    await page.getByTestId('near-me').click()
    await expect.poll(async () => (await transferred()).length).toBeGreaterThan(0)
    // Listed nearest that point, from the copy the worker kept, and live: no offline notice.
    const nearest = [...places].sort((a, b) => distanceMeters(here, a.location) - distanceMeters(here, b.location))
    await expect.poll(() => page.getByTestId('station-card').first().getAttribute('data-id')).toBe(nearest[0]!.id)
    expect(await page.getByTestId('offline-banner').count()).toBe(0)
    // Every fetch until then carried headers only, the worker's fallback to a whole answer included.
    for (const size of await transferred()) expect(size).toBeLessThan(1000)
    await context.close()
  })
})

describe('offline', () => {
  it('shows the list and station pages with no connection, says so and since when, and clears the notice when back online', async () => {
    const context = await phone(browser, baseURL)
    // On one bar of signal or behind a captive portal a phone says "online" while every request
    // fails (so does Chromium after a reload under offline emulation): the app must not trust it.
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'onLine', { get: () => true }))
    const page = await installed(context)
    await reloadOffline(context, page)
    // The first page of the list, and a way to the rest.
    await expect.poll(() => page.getByTestId('station-card').count()).toBe(Math.min(places.length, LIST_PAGE_SIZE))
    expect(await page.getByTestId('list-more').isVisible()).toBe(places.length > LIST_PAGE_SIZE)
    await expect.poll(() => page.getByTestId('offline-banner').isVisible()).toBe(true)
    expect(await page.getByTestId('offline-saved-at').innerText()).toMatch(/显示的是 .*\d{1,2}:\d{2} 保存的数据/)

    // A station page it has seen only in the list (never opened): rendered from cached data, and says so.
    const place = places.find(p => p.kind === 'nursing-room')!
    await page.goto(`/stations/${place.id}`)
    await expect.poll(() => page.locator('h1').innerText()).toBe(place.name)
    await expect.poll(() => page.getByTestId('offline-banner').isVisible()).toBe(true)
    // And the report form queues while offline.
    await page.goto(`/stations/${place.id}/report`)
    await page.getByLabel('关门了', { exact: false }).check()
    await page.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => page.getByTestId('suggestion-outcome').innerText(), { timeout: 10_000 }).toContain('待发送')

    // Back online, the app finds out by itself (it checks every few seconds while offline).
    await context.setOffline(false)
    await expect.poll(() => page.getByTestId('offline-banner').count(), { timeout: 3 * OFFLINE.recheckSeconds * 1000 }).toBe(0)
    await expect.poll(() => page.getByTestId('outbox-item').count(), { timeout: 15_000 }).toBe(0)
    await context.close()
  })

  it('sorts nearest first offline when a position is available', async () => {
    const here = { latitude: 37.2, longitude: 112.18 } // 平遥
    const context = await phone(browser, baseURL, { permissions: ['geolocation'], geolocation: here })
    const page = await installed(context)
    await reloadOffline(context, page)
    await page.getByTestId('near-me').click()
    await expect.poll(() => page.getByTestId('station-card').first().getAttribute('data-id')).toMatch(/^pingyao-/)
    await context.close()
  })

  it('never keeps the API or the staff workspace opened in the address bar, and removes older copies when staff sign out', async () => {
    const context = await phone(browser, baseURL)
    const page = await installed(context)
    const pagesCached = () => page.evaluate(async name => (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname), OFFLINE.caches.pages)
    for (const path of ['/api/stations?limit=1', '/api/auth/me', '/api/_auth/session', '/admin/login']) {
      const response = await page.goto(path)
      expect(response?.fromServiceWorker(), path).toBe(true)
    }
    await page.goto('/')
    await page.waitForTimeout(500)
    const kept = await pagesCached()
    expect(kept).toContain('/')
    expect(kept.filter(path => path.startsWith('/api/') || path.startsWith('/admin'))).toEqual([])

    // A copy an older version kept goes when staff sign out (and when a new version takes over).
    await page.evaluate(async name => (await caches.open(name)).put('/api/admin/suggestions', new Response('{"contact":"13800000000"}')), OFFLINE.caches.pages)
    expect(await pagesCached()).toContain('/api/admin/suggestions')
    await signInAsNewEditor(page)
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.waitForURL('**/admin/login')
    await expect.poll(pagesCached).not.toContain('/api/admin/suggestions')
    expect(await pagesCached()).toContain('/')
    await context.close()
  })

  it('keeps every script the public pages load, and none that only the staff workspace loads', async () => {
    const context = await phone(browser, baseURL)
    const page = await installed(context)
    const precached = new Set(await page.evaluate(async () => {
      const names = (await caches.keys()).filter(name => name.includes('precache'))
      const requests = (await Promise.all(names.map(async name => (await caches.open(name)).keys()))).flat()
      return requests.map(request => new URL(request.url).pathname)
    }))
    let scripts = new Set<string>()
    context.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname)
    })
    const visit = async (path: string) => {
      await page.goto(path)
      await page.waitForLoadState('networkidle')
    }

    const id = places[0]!.id
    for (const path of ['/', `/stations/${id}`, `/stations/${id}/report`, `/stations/${id}/poster`, '/suggest', '/open-data']) await visit(path)
    const publicScripts = scripts
    expect(publicScripts.size).toBeGreaterThan(5)
    expect([...publicScripts].filter(path => !precached.has(path))).toEqual([])

    scripts = new Set()
    await signInAsNewEditor(page)
    await page.waitForLoadState('networkidle')
    await visit('/admin/stations/new')
    const staffOnly = [...scripts].filter(path => !publicScripts.has(path))
    // The station form's opening-hours parser alone is most of the staff's code.
    expect(staffOnly.length).toBeGreaterThan(2)
    expect(staffOnly.filter(path => precached.has(path))).toEqual([])
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('keeps the tile cache within its configured number of entries', async () => {
    const context = await phone(browser, baseURL)
    const page = await installed(context)
    const limit = OFFLINE.tiles.maxEntries
    // View more distinct tiles than the limit, as panning around would.
    await page.evaluate(async (count) => {
      const loads = Array.from({ length: count }, (_, i) => new Promise((done) => {
        const img = new Image()
        img.crossOrigin = 'anonymous'
        img.onload = img.onerror = done
        img.src = `https://tile.openstreetmap.org/17/${105000 + i}/50000.png`
      }))
      await Promise.all(loads)
    }, limit + 60)
    const cached = () => page.evaluate(async name => (await (await caches.open(name)).keys()).length, OFFLINE.caches.tiles)
    await expect.poll(cached, { timeout: 15_000 }).toBeGreaterThan(limit / 2)
    await page.waitForTimeout(1000)
    expect(await cached()).toBeLessThanOrEqual(limit)
    await context.close()
  })
})
