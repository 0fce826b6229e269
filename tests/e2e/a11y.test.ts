import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AxeResults } from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { launch, phone, showWholeList } from './browser'

const baseURL = inject('baseURL')
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
let browser: Browser
let places: PlacesResponse['places']

beforeAll(async () => {
  browser = await launch()
  places = (await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse).places
})
afterAll(() => browser?.close())

const mapReady = (page: Page) => page.locator('[data-testid="map"][data-ready="true"]').waitFor()

/** A phone context in a language (and sunlight mode); the page's CSP only runs nonce'd scripts, so axe comes in past it. */
async function context(lang: 'zh-CN' | 'en', sunlight = false): Promise<BrowserContext> {
  const ctx = await phone(browser, baseURL, { bypassCSP: true })
  await ctx.addCookies([
    { name: 'i18n_lang', value: lang, url: baseURL },
    ...(sunlight ? [{ name: 'sunlight', value: 'true', url: baseURL }] : []),
  ])
  return ctx
}

/**
 * Runs axe-core with the WCAG 2.2 AA rules; violations come back as readable lines, and so does a
 * rule that crashed (axe then reports it as merely "incomplete", which would hide every finding).
 */
async function violations(page: Page): Promise<string[]> {
  // Leaflet gives tiles `mix-blend-mode: plus-lighter`, which axe's colour maths does not know: the
  // contrast rule would crash. The test tiles are flat images, so blending them changes nothing.
  await page.addStyleTag({ content: '.leaflet-tile { mix-blend-mode: normal !important; }' })
  await page.addScriptTag({ content: AXE })
  const results = await page.evaluate(tags => (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResults> } })
    .axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS)
  return [
    ...results.violations.map(v => [
      `${v.id} (${v.impact}): ${v.help}`,
      ...v.nodes.slice(0, 5).map(n => `    ${n.target.join(' ')}: ${n.failureSummary?.replaceAll('\n', ' ')}`),
    ].join('\n')),
    ...results.incomplete.filter(r => 'error' in r).map(r => `${r.id}: the rule crashed (${String((r as { error?: { message?: string } }).error?.message)})`),
  ]
}

describe.each([['zh-CN'], ['en']] as const)('WCAG 2.2 AA in %s (axe-core)', (lang) => {
  it.each([false, true])('the map page has no violations (sunlight mode: %s)', async (sunlight) => {
    const ctx = await context(lang, sunlight)
    const page = await ctx.newPage()
    await page.goto('/')
    await mapReady(page)
    await page.locator('.filters__more summary').click()
    await page.locator('.map-legend summary').click()
    expect((await violations(page)).join('\n')).toBe('')
    await ctx.close()
  })

  it.each([false, true])('station pages have no violations (sunlight mode: %s)', async (sunlight) => {
    const ctx = await context(lang, sunlight)
    const page = await ctx.newPage()
    for (const place of [places.find(p => p.statusNote), places.find(p => p.sample && p.status === 'open')]) {
      await page.goto(`/stations/${place!.id}`)
      expect((await violations(page)).join('\n'), place!.id).toBe('')
    }
    await ctx.close()
  })

  it('the suggestion forms have no violations, also while showing errors', async () => {
    const station = places.find(p => p.sample && p.status === 'open')!
    const ctx = await context(lang)
    const page = await ctx.newPage()
    await page.goto('/suggest')
    await page.locator('[data-testid="map-picker"][data-ready="true"]').waitFor()
    expect((await violations(page)).join('\n')).toBe('')
    await page.locator('[data-testid="new-station-form"] button[type="submit"]').click()
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0)
    expect((await violations(page)).join('\n')).toBe('')

    await page.goto(`/stations/${station.id}/report`)
    expect((await violations(page)).join('\n')).toBe('')
    await page.locator('[data-testid="report-form"] button[type="submit"]').click()
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0)
    expect((await violations(page)).join('\n')).toBe('')
    await page.locator('.segmented label').nth(1).click()
    expect((await violations(page)).join('\n')).toBe('')
    await ctx.close()
  })
})

describe('the list as an alternative to the map', () => {
  it('names every marker by its place, and lists every place with a link to its page', async () => {
    const ctx = await context('en')
    const page = await ctx.newPage()
    await page.goto('/')
    await mapReady(page)
    await expect.poll(() => page.locator('.leaflet-marker-icon.place-marker').count()).toBe(places.length)
    const names = await page.locator('.leaflet-marker-icon.place-marker').evaluateAll(els => els.map(e => e.getAttribute('title')))
    expect(names.sort()).toEqual(places.map(p => p.name).sort())
    await showWholeList(page, places.length)
    for (const place of places) {
      expect(await page.getByRole('button', { name: place.name, exact: true }).count(), place.name).toBe(1)
      await expect.poll(() => page.getByRole('list').getByRole('link', { name: place.name, exact: true }).count(), { message: place.name }).toBe(1)
    }
    // Keyboard users can jump past the markers straight to the list: a link just before the map.
    const skip = page.locator('a.skip-link[href="#station-list-title"]')
    expect(await skip.evaluate(a => !!(a.compareDocumentPosition(document.querySelector('[data-testid="map"]')!) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true)
    await skip.focus()
    expect(await skip.evaluate(a => a.getBoundingClientRect().left >= 0)).toBe(true)
    await page.keyboard.press('Enter')
    expect(page.url()).toContain('#station-list-title')
    await ctx.close()
  })
})

describe('sunlight mode', () => {
  it('is a pressed toggle in the header that enlarges the text and survives a reload', async () => {
    const ctx = await phone(browser, baseURL)
    const page = await ctx.newPage()
    await page.goto('/')
    const toggle = page.getByRole('button', { name: '强光模式' })
    expect(await toggle.getAttribute('aria-pressed')).toBe('false')
    const size = () => page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize))
    expect(await size()).toBe(16)
    await toggle.click()
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('sunlight'))).toBe(true)
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    expect(await size()).toBe(20)
    // Rendered by the server in sunlight mode: no flash of the normal page first.
    const response = await page.reload()
    expect(await response!.text()).toMatch(/<html[^>]*class="sunlight"/)
    expect(await page.getByRole('button', { name: '强光模式' }).getAttribute('aria-pressed')).toBe('true')
    await page.getByRole('button', { name: '强光模式' }).click()
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('sunlight'))).toBe(false)
    await page.reload()
    expect(await size()).toBe(16)
    expect(ctx.problems).toEqual([])
    await ctx.close()
  })
})

describe('text enlarged to 200 %', () => {
  const fits = (page: Page) => page.evaluate(() => {
    document.documentElement.style.fontSize = '200%'
    return document.documentElement.scrollWidth - document.documentElement.clientWidth
  })

  it.each([['zh-CN'], ['en']] as const)('fits a 390 px screen without sideways scrolling (%s)', async (lang) => {
    const ctx = await context(lang)
    const page = await ctx.newPage()
    await page.goto('/')
    await mapReady(page)
    await page.locator('.filters__more summary').click()
    expect(await fits(page)).toBeLessThanOrEqual(0)
    for (const place of [places.find(p => p.statusNote)!, places.find(p => p.phone && p.hoursNote && p.description)!]) {
      await page.goto(`/stations/${place.id}`)
      expect(await fits(page), place.id).toBeLessThanOrEqual(0)
    }
    await page.goto(`/stations/${places[0]!.id}/report`)
    expect(await fits(page)).toBeLessThanOrEqual(0)
    await ctx.close()
  })
})
