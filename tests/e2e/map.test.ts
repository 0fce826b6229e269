import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { toGcj02 } from '../../shared/utils/coords'
import { distanceMeters } from '../../shared/utils/geo'
import { openStateAt } from '../../shared/utils/open-state'
import type { PlacesResponse } from '../../shared/types/place'
import { launch, phone, showWholeList, tapWhenStill } from './browser'

const baseURL = inject('baseURL')
let browser: Browser
let places: PlacesResponse['places']

beforeAll(async () => {
  browser = await launch()
  places = (await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse).places
})
afterAll(() => browser?.close())

const markers = (page: Page) => page.locator('.leaflet-marker-pane .place-marker')
const cards = (page: Page) => page.getByTestId('station-card')
const mapReady = (page: Page) => page.locator('[data-testid="map"][data-ready="true"]').waitFor()

describe('the map page in a phone browser', () => {
  it('shows one marker per place, the first 20 in the list, and the rest after "more"', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    await expect.poll(() => markers(page).count()).toBe(places.length)
    expect(await cards(page).count()).toBe(20)
    await showWholeList(page, places.length)
    await expect.poll(() => cards(page).count()).toBe(places.length)
    const cardIds = await cards(page).evaluateAll(els => els.map(e => e.getAttribute('data-id')).sort())
    expect(cardIds).toEqual(places.map(p => p.id).sort())
    expect(page.url()).toContain(`limit=${Math.ceil(places.length / 20) * 20}`)
    const markerIds = await page.locator('.place-marker span[data-id]').evaluateAll(els => els.map(e => e.getAttribute('data-id')).sort())
    expect(markerIds).toEqual(places.map(p => p.id).sort())
    // Tiles are drawn (the CSP lets the tile host in), nothing else is fetched from elsewhere, no errors.
    await expect.poll(() => page.locator('.leaflet-tile-loaded').count()).toBeGreaterThan(0)
    expect([...context.hosts].filter(h => h !== new URL(baseURL).host && !h.endsWith('tile.openstreetmap.org'))).toEqual([])
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('keeps the markers, and an open popup, while the clock ticks', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.clock.install()
    await page.goto('/')
    await mapReady(page)
    await expect.poll(() => markers(page).count()).toBe(places.length)
    await page.locator('.card__locate').first().click()
    await page.locator('.map-popup').waitFor()
    await markers(page).evaluateAll(els => els.forEach(el => el.setAttribute('data-seen', 'yes')))
    // Past the app's 30 s clock tick (and its first setting once the page is up).
    await page.clock.runFor(65_000)
    expect(await page.locator('.place-marker[data-seen="yes"]').count()).toBe(places.length)
    expect(await page.locator('.map-popup').count()).toBe(1)
    await context.close()
  })

  it('keeps each marker on its place through a zoom, and opens its popup by a tap or by Enter', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    await expect.poll(() => markers(page).count()).toBe(places.length)
    const frame = (await page.getByTestId('map').boundingBox())!
    const centre = { x: frame.x + frame.width / 2, y: frame.y + frame.height / 2 }
    // The marker nearest the centre but at least 30 px from it: zooming in by one level around the
    // centre doubles its distance, a move a marker left where it was would miss by 30 px or more.
    const fromCentre = (tip: { x: number, y: number }) => Math.hypot(tip.x - centre.x, tip.y - centre.y)
    const tips = await markers(page).evaluateAll(els => els.map((el) => {
      const box = el.getBoundingClientRect()
      return { id: el.querySelector('span')!.dataset.id!, x: box.x + box.width / 2, y: box.bottom }
    }))
    const near = tips.filter(tip => fromCentre(tip) >= 30).sort((a, b) => fromCentre(a) - fromCentre(b))[0]!
    const marker = page.locator(`.place-marker:has(span[data-id="${near.id}"])`)
    await page.locator('.leaflet-control-zoom-in').click()
    await expect.poll(async () => {
      const box = (await marker.boundingBox())!
      return Math.hypot(box.x + box.width / 2 - centre.x - 2 * (near.x - centre.x), box.y + box.height - centre.y - 2 * (near.y - centre.y))
    }).toBeLessThan(2)

    const place = places.find(p => p.id === near.id)!
    await marker.click()
    await expect.poll(() => page.locator('.map-popup strong').innerText()).toBe(place.name)
    await page.locator('.leaflet-popup-close-button').click()
    await expect.poll(() => page.locator('.map-popup').count()).toBe(0)
    await marker.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.map-popup strong').innerText()).toBe(place.name)
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('draws the map when the city\'s places arrive while the page still hydrates', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    // Once the places' request has started, the page's next tasks (its hydration pauses) wait until
    // the answer has been applied: the order a fast network and a slow phone give. The map never
    // appeared then (CI saw it once; this made it happen 3 times in 3).
    await page.addInitScript(() => {
      const realFetch = window.fetch
      const realSetTimeout = window.setTimeout
      const seen = window as unknown as { arrivedWhileHydrating?: boolean }
      let held: Array<() => void> | null = null
      window.setTimeout = ((handler: () => void, ms?: number) => {
        if (!held) return realSetTimeout(handler, ms)
        held.push(() => realSetTimeout(handler, ms))
        return 0
      }) as typeof window.setTimeout
      window.fetch = async (input, init) => {
        const first = seen.arrivedWhileHydrating === undefined && String(input instanceof Request ? input.url : input).includes('/api/places/city')
        if (!first) return realFetch(input, init)
        held = []
        const response = await realFetch(input, init)
        const app = (document.getElementById('__nuxt') as { __vue_app__?: { config: { globalProperties: { $nuxt?: { isHydrating?: boolean } } } } } | null)?.__vue_app__
        seen.arrivedWhileHydrating = !!app?.config.globalProperties.$nuxt?.isHydrating
        realSetTimeout(() => {
          const waiting = held ?? []
          held = null
          waiting.forEach(run => run())
        }, 200)
        return response
      }
    })
    await page.goto('/')
    await mapReady(page)
    // The order this test is about did happen: the answer came before the page was up.
    expect(await page.evaluate(() => (window as unknown as { arrivedWhileHydrating?: boolean }).arrivedWhileHydrating)).toBe(true)
    await expect.poll(() => markers(page).count()).toBe(places.length)
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('filters markers and list together, keeps the filter in the URL and after reload', async () => {
    const expected = places.filter(p => p.amenities.includes('ebike-charging')).map(p => p.id).sort()
    expect(expected.length).toBeGreaterThan(0)
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    await page.getByText('按类型、设施筛选').click()
    await page.getByText('电动车充电', { exact: false }).first().click()
    await expect.poll(() => cards(page).count()).toBe(expected.length)
    expect(await markers(page).count()).toBe(expected.length)
    // The URL follows once the router's replace has finished, after the list has been drawn.
    await expect.poll(() => page.url()).toContain('amenity=ebike-charging')
    await expect.poll(() => page.getByTestId('match-count').innerText()).toContain(`${expected.length} / ${places.length}`)

    await page.reload()
    await mapReady(page)
    expect(await cards(page).count()).toBe(expected.length)
    expect(await markers(page).count()).toBe(expected.length)
    const ids = await cards(page).evaluateAll(els => els.map(e => e.getAttribute('data-id')).sort())
    expect(ids).toEqual(expected)
    expect(await page.locator('input[value="ebike-charging"]').isChecked()).toBe(true)
    await context.close()
  })

  it('answers taps on cards and filter chips that were not hydrated yet, without reloading the page', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    // The page never turns idle here, so the cards and the folded filters hydrate only when touched.
    await page.addInitScript(() => {
      window.requestIdleCallback = () => 0
    })
    await page.goto('/')
    await mapReady(page)
    await page.evaluate(() => Object.assign(window, { sameDocument: true }))

    const third = cards(page).nth(2)
    const id = await third.getAttribute('data-id')
    await tapWhenStill(third.locator('.card__locate'))
    await expect.poll(() => page.locator('.card--selected').getAttribute('data-id')).toBe(id)

    await page.getByText('按类型、设施筛选').click()
    await page.getByText('电动车充电', { exact: false }).first().click()
    await expect.poll(() => page.url()).toContain('amenity=ebike-charging')
    expect(await page.locator('input[value="ebike-charging"]').isChecked()).toBe(true)

    const first = cards(page).first()
    const href = await first.locator('h3 a').getAttribute('href')
    await first.locator('h3 a').click()
    await expect.poll(() => new URL(page.url()).pathname).toBe(href)
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true)
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('finds places by pinyin initials as you type', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    await page.getByRole('searchbox').fill('lsx') // 灵石县
    const expected = places.filter(p => p.initials.includes('lsx') || p.address.includes('lsx'))
    expect(expected.length).toBeGreaterThan(0)
    await expect.poll(() => cards(page).count()).toBe(expected.length)
    expect(await markers(page).count()).toBe(expected.length)
    await context.close()
  })

  it('puts the true nearest place first when the position is granted', async () => {
    const here = { lat: 37.705, lng: 112.735 }
    const nearest = [...places].sort((a, b) => distanceMeters(here, a.location) - distanceMeters(here, b.location))
    const context = await phone(browser, baseURL, { permissions: ['geolocation'], geolocation: { latitude: here.lat, longitude: here.lng } })
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    await page.getByTestId('near-me').click()
    await expect.poll(() => cards(page).first().getAttribute('data-id')).toBe(nearest[0]!.id)
    expect(await cards(page).nth(1).getAttribute('data-id')).toBe(nearest[1]!.id)
    expect(await cards(page).first().getByTestId('distance').innerText()).toMatch(/米|公里/)
    await context.close()
  })

  it('explains a refused position and keeps the list', async () => {
    const context = await phone(browser, baseURL) // no geolocation permission granted
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    await page.getByTestId('near-me').click()
    await expect.poll(() => page.getByTestId('geo-message').innerText()).toContain('定位权限')
    expect(await cards(page).count()).toBe(20)
    await context.close()
  })

  it('shows the server\'s clusters for a view beyond the city, and the city\'s markers again when zoomed back in', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    await expect.poll(() => markers(page).count()).toBe(places.length)
    const answers: Array<{ total: number, clusters: Array<{ count: number }>, places: unknown[] }> = []
    page.on('response', async (response) => {
      if (new URL(response.url()).pathname === '/api/places') answers.push(await response.json())
    })
    for (let i = 0; i < 7; i++) {
      await page.locator('.leaflet-control-zoom-out').click()
      await page.waitForTimeout(300)
    }
    await expect.poll(() => page.getByTestId('map').getAttribute('data-beyond')).toBe('true')
    // Zoomed out past the city, every place is still counted, grouped: one element per cluster, none per place.
    await expect.poll(() => answers.at(-1)?.total).toBe(places.length)
    const answer = answers.at(-1)!
    expect(answer.clusters.reduce((sum, c) => sum + c.count, 0) + answer.places.length).toBe(places.length)
    await expect.poll(() => page.locator('.place-cluster').count()).toBe(answer.clusters.length)
    expect(await markers(page).count()).toBe(0)
    const label = await page.locator('.place-cluster').first().getAttribute('title')
    expect(label).toMatch(/^\d+ 个地点，点按放大$/)

    for (let i = 0; i < 7; i++) {
      await page.locator('.leaflet-control-zoom-in').click()
      await page.waitForTimeout(300)
    }
    await expect.poll(() => page.getByTestId('map').getAttribute('data-beyond')).toBe('false')
    await expect.poll(() => markers(page).count()).toBe(places.length)
    expect(await page.locator('.place-cluster').count()).toBe(0)
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('starts the list from a shared link\'s point, nearest first, before any script runs', async () => {
    const context = await phone(browser, baseURL, { javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto('/?near=37.2000,112.1800')
    const PINGYAO = { lat: 37.2, lng: 112.18 }
    const nearest = [...places].sort((a, b) => distanceMeters(PINGYAO, a.location) - distanceMeters(PINGYAO, b.location))
    expect(await cards(page).first().getAttribute('data-id')).toBe(nearest[0]!.id)
    expect(await cards(page).count()).toBe(20)
    await context.close()
  })

  it('shows the map\'s first tiles and a note with the page, and hydrates that same frame into the map', async () => {
    const still = await phone(browser, baseURL, { javaScriptEnabled: false })
    const plain = await still.newPage()
    await plain.goto('/')
    const frame = plain.getByTestId('map')
    await expect.poll(() => frame.locator('.map-static img').count()).toBeGreaterThan(0)
    expect(await frame.locator('.map-frame__note').innerText()).toContain('列表')
    await still.close()

    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    // The server's frame is the map's own: hydrated, not replaced. It is marked as the HTML arrives,
    // before the page's script runs, and the mark is still there once the map is made.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const frame = document.querySelector('.map-frame')
        if (!frame) return
        frame.setAttribute('data-from-server', '')
        observer.disconnect()
      }).observe(document, { childList: true, subtree: true })
    })
    await page.goto('/')
    await mapReady(page)
    await expect.poll(() => markers(page).count()).toBe(places.length)
    expect(await page.locator('[data-testid="map"][data-from-server]').count()).toBe(1)
    expect(await page.locator('.map-frame__note').count()).toBe(0)
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('brings the head up to date once the page is up, without doubling its tags', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    // unhead's head: no change left to apply, and the server's tags taken over, not added again.
    const head = () => page.evaluate(() => {
      const app = (document.getElementById('__nuxt') as unknown as { __vue_app__: { _context: { provides: Record<string, { dirty?: boolean }> } } }).__vue_app__
      return { dirty: app._context.provides.usehead?.dirty, descriptions: document.querySelectorAll('meta[name="description"]').length, titles: document.querySelectorAll('title').length }
    })
    await expect.poll(head).toEqual({ dirty: false, descriptions: 1, titles: 1 })
    await page.getByTestId('sunlight-toggle').click()
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('sunlight'))).toBe(true)
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('downloads Leaflet\'s stylesheet once, with the page or with the location picker, and no other stylesheet while the page starts', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    const stylesheets: string[] = []
    const every: string[] = []
    page.on('request', (request) => {
      if (request.resourceType() === 'stylesheet') every.push(new URL(request.url()).pathname)
      if (/\/leaflet\.[^/]*\.css$/.test(request.url())) stylesheets.push(request.url())
    })
    await page.goto('/')
    await mapReady(page)
    expect(stylesheets).toHaveLength(1)
    // Each comes with the HTML: one fetched as the page hydrates holds hydration up by a round trip
    // and makes the phone style the whole page again (a component shown only after a search had its
    // styles in the page's chunk).
    const html = await (await fetch(`${baseURL}/`)).text()
    const linked = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*>/g)].map(([link]) => link.match(/href="([^"]+)"/)![1])
    expect(every.sort()).toEqual(linked.sort())
    // The picker's page links it once Leaflet has loaded.
    stylesheets.length = 0
    await page.goto('/suggest')
    await page.locator('[data-testid="map-picker"] .leaflet-container').waitFor()
    expect(stylesheets).toHaveLength(1)
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('fits a 360 px wide screen without sideways scrolling', async () => {
    const context = await phone(browser, baseURL, { viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await context.close()
  })
})

describe('a station page in a phone browser', () => {
  it('hands off to 高德 with the GCJ-02 coordinates of the place', async () => {
    const place = places.find(p => p.kind === 'rest-station' && p.sample)!
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/')
    await tapWhenStill(page.locator(`[data-testid="station-card"][data-id="${place.id}"] h3 a`))
    await page.waitForURL(`**/stations/${place.id}`)
    const href = await page.locator('a[data-app="amap"]').getAttribute('href')
    const [lng, lat, name] = new URL(href!).searchParams.get('to')!.split(',')
    const gcj = toGcj02(place.location)
    expect(Number(lng)).toBeCloseTo(gcj.lng, 5)
    expect(Number(lat)).toBeCloseTo(gcj.lat, 5)
    expect(name).toBe(place.name)
    expect(context.problems).toEqual([])
    await context.close()
  })
})

describe('a GCJ-02 tile source', () => {
  it('shifts markers by the GCJ-02 offset (about 570 m east) when NUXT_PUBLIC_TILES_CRS=gcj02', async () => {
    const { startServer } = await import('../setup/server')
    const gcjServer = await startServer({ NUXT_PUBLIC_TILES_CRS: 'gcj02' })
    // A place near the map's start view (榆次, zoom 13), so its marker is on screen.
    const centre = { lat: 37.6880, lng: 112.7526 }
    const place = places.filter(p => p.districtName === '榆次区').sort((a, b) => distanceMeters(a.location, centre) - distanceMeters(b.location, centre))[0]!
    // Where a longitude lies on the tiles of zoom z, in pixels from the world's west edge (Web Mercator).
    const worldX = (lng: number, zoom: number) => ((lng + 180) / 360) * 256 * 2 ** zoom
    try {
      const context = await phone(browser, gcjServer.baseURL)
      const page = await context.newPage()
      await page.goto('/')
      await mapReady(page)
      const marker = (await page.locator(`.place-marker:has(span[data-id="${place.id}"])`).boundingBox())!
      const tile = page.locator('img.leaflet-tile').first()
      const [, zoom, column] = /\/(\d+)\/(\d+)\/\d+\.png/.exec((await tile.getAttribute('src'))!)!.map(Number)
      const tileBox = (await tile.boundingBox())!
      await context.close()
      // The marker's point (the middle of its 36 px icon) against the tiles: where the place's
      // GCJ-02 position is drawn, 36-41 px east of its WGS-84 one (550-610 m at 15.1 m a pixel).
      const onScreen = (lng: number) => tileBox.x + worldX(lng, zoom!) - column! * 256
      const drawnAt = marker.x + marker.width / 2
      expect(Math.abs(drawnAt - onScreen(toGcj02(place.location).lng))).toBeLessThan(2)
      expect(drawnAt - onScreen(place.location.lng)).toBeGreaterThan(34)
      expect(drawnAt - onScreen(place.location.lng)).toBeLessThan(43)
    }
    finally {
      gcjServer.child.kill()
    }
  })
})

describe('a station\'s poster without a configured site URL', () => {
  it('draws the QR code in the browser from the page\'s own address', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    const place = places.find(p => !p.sample)!
    await page.goto(`/stations/${place.id}/poster`)
    const qr = page.locator('.poster__qr img')
    await expect.poll(() => qr.getAttribute('alt')).toBe(`二维码，链接到 ${baseURL}/stations/${place.id}`)
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;/)
    expect(context.problems).toEqual([])
    await context.close()
  })
})

describe('the time a page shows', () => {
  it('is the phone\'s once the page is up, when the phone\'s clock is far from the server\'s', async () => {
    // A place whose badge says otherwise twelve hours from now.
    const later = new Date(Date.now() + 12 * 3_600_000)
    const tone = (place: typeof places[number], at: Date) => {
      const open = openStateAt(place.schedule, at, place.status)
      return open.alwaysOpen ? 'always' : open.state
    }
    const place = places.find(p => p.status === 'open' && tone(p, new Date()) === 'open' && tone(p, later) === 'closed')
      ?? places.find(p => p.status === 'open' && tone(p, new Date()) === 'closed' && tone(p, later) === 'open')
    expect(place).toBeDefined()
    const html = await (await fetch(`${baseURL}/stations/${place!.id}`)).text()
    expect(html).toMatch(new RegExp(`class="badge badge--${tone(place!, new Date())}"`))

    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.clock.setFixedTime(later)
    await page.goto(`/stations/${place!.id}`)
    await expect.poll(() => page.getByTestId('open-badge').first().getAttribute('class')).toBe(`badge badge--${tone(place!, later)}`)
    expect(context.problems).toEqual([])
    await context.close()
  })
})
