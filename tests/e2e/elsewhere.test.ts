import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlacesFound } from '../../shared/types/place'
import { startServer } from '../setup/server'
import { runScript } from '../support/script'
import { launch, phone } from './browser'

/**
 * A search beyond the phone's city (issue 10): on a province's map (NUXT_PUBLIC_REGION=140000) that
 * opens on 太原, where 60 places were imported (more than the 50 neighbours a phone also gets), the
 * phone lists 太原's places itself and the server finds the bundled 晋中 places that match.
 */

const TAIYUAN = 60

const dir = mkdtempSync(join(tmpdir(), 'yizhan-elsewhere-'))
const databasePath = join(dir, 'elsewhere.sqlite')
let browser: Browser
let server: Awaited<ReturnType<typeof startServer>>

beforeAll(async () => {
  const csv = join(dir, 'taiyuan.csv')
  const rows = Array.from({ length: TAIYUAN }, (_, n) => {
    const [district, name] = n % 2 ? ['140105', '小店区'] : ['140106', '迎泽区']
    const [lat, lng] = [37.80 + (n % 10) * 0.01, 112.52 + Math.floor(n / 10) * 0.01]
    return `示例·太原测试爱心驿站${n + 1}号,爱心驿站,${district},${name}测试路${n + 1}号（示例地址）,${lat.toFixed(4)},${lng.toFixed(4)},WGS-84,24/7,饮水,${name}总工会,是`
  })
  writeFileSync(csv, ['名称,类型,区县代码,地址,纬度,经度,坐标系,开放时间,设施,运营单位,示例', ...rows].join('\r\n'))
  const env = { NUXT_PUBLIC_REGION: '140000', DATABASE_URL: `file:${databasePath}` }
  const imported = await runScript('scripts/data-import.ts', [csv, '--to', 'database'], env)
  expect(imported.code, imported.output).toBe(0)
  server = await startServer(env)
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  server?.child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

describe('a search on a province\'s map', () => {
  it('lists the city\'s own matches and, below, the matches the server finds in other cities', async () => {
    // What the server finds (tests/server/places.test.ts holds the search to a brute-force count).
    const found = await (await fetch(`${server.baseURL}/api/places/search?q=${encodeURIComponent('榆次')}&notCity=140100`)).json() as PlacesFound
    expect(found.total).toBeGreaterThan(0)

    const context = await phone(browser, server.baseURL)
    const page = await context.newPage()
    await page.goto('/')
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor()
    // The phone holds 太原's places, nothing of 晋中 (its 50 neighbours are in 太原 too).
    await expect.poll(() => page.getByTestId('station-card').count()).toBe(20)
    expect(await page.getByTestId('match-count').innerText()).toContain(`${TAIYUAN} / ${TAIYUAN}`)
    await page.getByRole('searchbox').fill('榆次')
    await expect.poll(() => page.getByTestId('empty-list').isVisible()).toBe(true)
    const elsewhere = page.getByTestId('elsewhere')
    await expect.poll(() => elsewhere.isVisible(), { timeout: 10_000 }).toBe(true)
    expect(await elsewhere.locator('h2').innerText()).toBe(`其他地区找到 ${found.total} 个`)
    const links = await elsewhere.locator('a').evaluateAll(els => els.map(a => a.getAttribute('href')))
    expect(links).toEqual(found.places.map(place => `/stations/${place.id}`))

    await elsewhere.locator('a').first().click()
    await page.waitForURL(/\/stations\//)
    await expect.poll(() => page.locator('h1').innerText()).toBe(found.places[0]!.name)
    expect(context.problems).toEqual([])
    await context.close()
  })
})

describe('a shared link with a district of another city', () => {
  it('lists that district\'s places, and the phone loads that district\'s city', async () => {
    // 榆次区 (晋中) on a province's map that opens on 太原: what the server counts there.
    const yuci = await (await fetch(`${server.baseURL}/api/stations?district=140702&limit=50`)).json() as { matching: number, places: Array<{ id: string }> }
    expect(yuci.matching).toBeGreaterThan(0)

    const context = await phone(browser, server.baseURL)
    const page = await context.newPage()
    const city = page.waitForResponse(response => response.url().includes('/api/places/city'))
    await page.goto('/?district=140702')
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor()
    // With no position known, the phone asks for the district's city, and gets 晋中.
    expect(new URL((await city).url()).searchParams.get('district')).toBe('140702')
    expect(((await (await city).json()) as { city: string }).city).toBe('140700')
    await expect.poll(() => page.getByTestId('station-card').count()).toBe(Math.min(20, yuci.matching))
    expect(await page.getByTestId('empty-list').count()).toBe(0)
    expect(await page.getByTestId('match-count').innerText()).toContain(`${yuci.matching} /`)
    const ids = await page.getByTestId('station-card').evaluateAll(els => els.map(e => e.getAttribute('data-id')))
    expect(ids.every(id => yuci.places.some(place => place.id === id))).toBe(true)
    expect(context.problems).toEqual([])
    await context.close()
  })
})

describe('a province\'s map, zoomed out beyond the phone\'s city', () => {
  it('shows the server\'s clusters without drawing the city\'s markers, until a place is shown on the map', async () => {
    const context = await phone(browser, server.baseURL)
    const page = await context.newPage()
    // Every marker element ever added, also one removed again before anyone saw it.
    await page.addInitScript(() => {
      const seen = window as unknown as { markersAdded: number }
      seen.markersAdded = 0
      new MutationObserver(records => records.forEach(record => record.addedNodes.forEach((node) => {
        if (node instanceof Element && node.matches('.place-marker')) seen.markersAdded++
      }))).observe(document, { childList: true, subtree: true })
    })
    const markersAdded = () => page.evaluate(() => (window as unknown as { markersAdded: number }).markersAdded)
    await page.goto('/')
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor()
    await expect.poll(() => page.getByTestId('station-card').count()).toBe(20)
    // The province's view: the server's clusters, and none of 太原's 60 markers drawn unseen.
    await expect.poll(() => page.locator('.place-cluster').count()).toBeGreaterThan(0)
    expect(await markersAdded()).toBe(0)
    // "Show on map" moves there, draws the city's markers and opens the place's popup.
    const card = page.getByTestId('station-card').first()
    const name = await card.locator('h3, h2').first().innerText()
    await card.locator('.card__locate').click()
    await expect.poll(() => page.locator('.map-popup').innerText(), { timeout: 10_000 }).toContain(name)
    expect(await page.locator('.place-marker').count()).toBe(TAIYUAN)
    expect(await markersAdded()).toBe(TAIYUAN)
    expect(await page.locator('.place-cluster').count()).toBe(0)
    expect(context.problems).toEqual([])
    await context.close()
  })
})
