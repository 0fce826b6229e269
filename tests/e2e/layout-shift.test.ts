import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { launch, phone } from './browser'

const baseURL = inject('baseURL')
let browser: Browser
let stationPath: string

beforeAll(async () => {
  browser = await launch()
  const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
  stationPath = `/stations/${places[0]!.id}`
})
afterAll(() => browser?.close())

/**
 * Records every layout shift not caused by input, as the CLS metric counts them, and fires a
 * stand-in for Chrome's `beforeinstallprompt` 300 ms after load (a fresh headless context never
 * fires the real one), so the install hint appears as it does on a phone.
 */
const RECORD = `
window.__shifts = []
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue
    const nodes = entry.sources.map(source => source.node && source.node.nodeType === 1 ? source.node.className || source.node.tagName : '#text')
    window.__shifts.push({ value: entry.value, nodes })
  }
}).observe({ type: 'layout-shift', buffered: true })
addEventListener('load', () => setTimeout(() => {
  const event = new Event('beforeinstallprompt', { cancelable: true })
  event.prompt = async () => {}
  event.userChoice = Promise.resolve({ outcome: 'dismissed' })
  dispatchEvent(event)
}, 300))
`

describe('no layout shift', () => {
  it.each([['the map page', '/'], ['a station page', 'station']])('keeps %s still while the map, the install hint and the offline notice arrive', async (_name, path) => {
    const context = await phone(browser, baseURL)
    await context.addInitScript(RECORD)
    const page = await context.newPage()
    await page.goto(path === 'station' ? stationPath : path)
    if (path === '/') await page.locator('[data-testid="map"][data-ready="true"]').waitFor()
    await page.getByTestId('install-hint').waitFor()
    await page.evaluate(() => dispatchEvent(new Event('offline')))
    await page.getByTestId('offline-banner').waitFor()
    // Layout shifts are reported after the frame they happen in.
    await page.evaluate(() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 500))))

    const shifts = await page.evaluate(() => (window as unknown as { __shifts: Array<{ value: number, nodes: string[] }> }).__shifts)
    const total = shifts.reduce((sum, shift) => sum + shift.value, 0)
    expect(total, JSON.stringify(shifts)).toBeLessThanOrEqual(0.01)
    expect(context.problems).toEqual([])
    await context.close()
  })
})
