import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { launch, phone, tapWhenStill } from './browser'

const baseURL = inject('baseURL')
let browser: Browser
let places: PlacesResponse['places']

beforeAll(async () => {
  browser = await launch()
  places = (await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse).places
})
afterAll(() => browser?.close())

const mapReady = (page: Page) => page.locator('[data-testid="map"][data-ready="true"]').waitFor()
const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang)

/**
 * Chinese text outside any `lang="zh-CN"` element: an interface string left untranslated. Place
 * data (names, addresses, notes) is Chinese in every language and is marked with lang="zh-CN".
 * Looks at every text node (also visually hidden ones) and at the texts of attributes people hear
 * (the document title is checked where it holds no place name).
 */
function untranslated(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cjk = /[\u3400-\u9fff\uf900-\ufaff]/
    const chinese = (el: Element | null) => !!el?.closest('[lang]')?.getAttribute('lang')?.startsWith('zh')
    const found: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      if (!parent || parent.closest('script, style, template, noscript')) continue
      if (cjk.test(node.textContent ?? '') && !chinese(parent)) found.push(`${parent.tagName.toLowerCase()}: ${node.textContent!.trim()}`)
    }
    for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = el.getAttribute(name)
        if (value && cjk.test(value) && !chinese(el)) found.push(`${el.tagName.toLowerCase()}[${name}]: ${value}`)
      }
    }
    return found
  })
}

/**
 * A phone context that also records messages missing from the locale files: vue-i18n's "Not found"
 * warning in the console, or in production builds the page error plugins/i18n-setup.ts raises.
 */
async function englishCheck() {
  const context = await phone(browser, baseURL)
  const missing: string[] = []
  const notFound = (text: string) => /not found/i.test(text) && /i18n|locale messages/i.test(text) && missing.push(text)
  context.on('console', message => notFound(message.text()))
  context.on('weberror', error => notFound(String(error.error())))
  return Object.assign(context, { missing })
}

describe('the interface in English', () => {
  it('switches with one tap on the map page, keeping the route and the filters', async () => {
    const context = await englishCheck()
    const page = await context.newPage()
    await page.goto('/?amenity=water')
    await mapReady(page)
    const cards = await page.getByTestId('station-card').count()
    expect(await htmlLang(page)).toBe('zh-CN')
    const link = page.getByTestId('language-switch')
    expect(await link.innerText()).toBe('English')
    expect(await link.getAttribute('lang')).toBe('en')

    await link.click()
    await expect.poll(() => htmlLang(page)).toBe('en')
    await expect.poll(() => page.getByTestId('near-me').innerText()).toContain('Find the nearest')
    expect(new URL(page.url()).search).toBe('?amenity=water')
    expect(await page.getByTestId('station-card').count()).toBe(cards)
    expect(await page.getByTestId('language-switch').innerText()).toBe('中文')
    expect(await page.getByTestId('language-switch').getAttribute('lang')).toBe('zh-CN')
    expect(await untranslated(page)).toEqual([])
    expect(await page.title()).toBe('Rest Station Map · Jinzhong rest stations and trade union services')

    // The filters' hidden part, and the map's own controls and popups.
    await page.locator('.filters__more summary').click()
    expect(await untranslated(page)).toEqual([])
    expect(await page.locator('.leaflet-control-zoom-in').getAttribute('title')).toBe('Zoom in')
    await page.locator('.card__locate').first().click()
    await expect.poll(() => page.locator('.map-popup a').innerText()).toBe('Details and directions')
    expect(await page.locator('.leaflet-popup-close-button').getAttribute('aria-label')).toBe('Close')
    expect(await untranslated(page)).toEqual([])
    expect(context.missing).toEqual([])
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('shows distances and times in English words', async () => {
    const context = await phone(browser, baseURL, { permissions: ['geolocation'], geolocation: { latitude: 37.705, longitude: 112.735 } })
    await context.addCookies([{ name: 'i18n_lang', value: 'en', url: baseURL }])
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    await page.getByTestId('near-me').click()
    await expect.poll(() => page.getByTestId('distance').first().innerText()).toMatch(/^\d[\d.]* k?m · about \d+ (min|h)/)
    expect(await untranslated(page)).toEqual([])
    await context.close()
  })

  it('translates every station page, keeping place data in Chinese marked as such', async () => {
    const chosen = [
      places.find(p => p.statusNote),
      places.find(p => p.phone && p.hoursNote && p.description),
      places.find(p => p.arrivalHint && p.hoursNote),
      places.find(p => p.location.precision === 'approximate' && !p.sample),
      places.find(p => p.sample && p.status === 'open'),
    ].filter(p => p !== undefined)
    expect(chosen.length).toBe(5)
    const context = await englishCheck()
    await context.addCookies([{ name: 'i18n_lang', value: 'en', url: baseURL }])
    const page = await context.newPage()
    for (const place of chosen) {
      await page.goto(`/stations/${place.id}`)
      expect(await htmlLang(page)).toBe('en')
      expect(await page.locator('h1').getAttribute('lang')).toBe('zh-CN')
      expect(await untranslated(page), place.id).toEqual([])
    }
    expect(context.missing).toEqual([])
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('translates the report form, its modes and its field errors', async () => {
    const station = places.find(p => p.sample && p.status === 'open')!
    const context = await englishCheck()
    await context.addCookies([{ name: 'i18n_lang', value: 'en', url: baseURL }])
    const page = await context.newPage()
    await page.goto(`/stations/${station.id}/report`)
    expect(await untranslated(page)).toEqual([])
    await page.getByLabel('Something else').check()
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await expect.poll(() => page.locator('.field-error').allInnerTexts()).toContain('Please say briefly what is wrong when you choose "Something else"')
    expect(await page.getByRole('alert').first().innerText()).toContain('Some answers need changing')
    expect(await untranslated(page)).toEqual([])

    await page.getByText('Correct the details', { exact: true }).click()
    await page.getByLabel('Phone', { exact: true }).fill('not a phone')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await expect.poll(() => page.locator('.field-error').allInnerTexts()).toContain('The phone number may only contain digits and -')
    expect(await untranslated(page)).toEqual([])
    expect(context.missing).toEqual([])
    await context.close()
  })

  it('translates the new-station form and its errors', async () => {
    const context = await englishCheck()
    await context.addCookies([{ name: 'i18n_lang', value: 'en', url: baseURL }])
    const page = await context.newPage()
    await page.goto('/suggest')
    await page.locator('[data-testid="map-picker"][data-ready="true"]').waitFor()
    expect(await untranslated(page)).toEqual([])
    expect(await page.title()).toBe('Suggest a new station · Rest Station Map')
    await page.getByRole('button', { name: 'Send suggestion' }).click()
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0)
    expect(await untranslated(page)).toEqual([])
    expect(await page.locator('.leaflet-control-zoom-out').getAttribute('title')).toBe('Zoom out')
    expect(context.missing).toEqual([])
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('remembers the choice across reloads and switches back to Chinese', async () => {
    const context = await englishCheck()
    const page = await context.newPage()
    const station = places.find(p => p.sample)!
    await page.goto(`/stations/${station.id}`)
    await page.getByTestId('language-switch').click()
    await expect.poll(() => htmlLang(page)).toBe('en')
    expect(new URL(page.url()).pathname).toBe(`/stations/${station.id}`)

    // The server renders the chosen language: no flash of Chinese first.
    const response = await page.reload()
    expect(await response!.text()).toMatch(/<html[^>]*lang="en"/)
    expect(await htmlLang(page)).toBe('en')
    expect(await page.getByText('Opening hours').count()).toBe(1)

    await page.getByTestId('language-switch').click()
    await expect.poll(() => htmlLang(page)).toBe('zh-CN')
    await expect.poll(() => page.getByText('开放时间').count()).toBe(1)
    await page.reload()
    expect(await htmlLang(page)).toBe('zh-CN')
    expect(context.missing).toEqual([])
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('ignores the browser\'s own language: only the person\'s choice counts', async () => {
    const context = await phone(browser, baseURL, { locale: 'en-US' })
    const page = await context.newPage()
    await page.goto('/')
    expect(await htmlLang(page)).toBe('zh-CN')
    await context.close()
  })

  it('switches without JavaScript too: the link sets the cookie and returns to the same URL', async () => {
    const response = await fetch(`${baseURL}/?amenity=water&lang=en`, { redirect: 'manual' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/?amenity=water')
    expect(response.headers.get('set-cookie')).toMatch(/^i18n_lang=en;/)
    const html = await (await fetch(`${baseURL}/?amenity=water`, { headers: { cookie: 'i18n_lang=en' } })).text()
    expect(html).toMatch(/<html[^>]*lang="en"/)
    expect(html).toContain('Find the nearest')
  })
})

describe('messages on a weak signal', () => {
  it.each(['zh-CN', 'en'])('starts the page (%s) with the messages it carries, even if the request for them never answers', async (locale) => {
    const context = await phone(browser, baseURL)
    await context.addCookies([{ name: 'i18n_lang', value: locale, url: baseURL }])
    const held: string[] = []
    // One bar of signal: the messages request is sent but never answered.
    await context.route(/\/_i18n\//, route => void held.push(route.request().url()))
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    await page.getByTestId('near-me').click()
    await page.locator('.filters__more summary').click()
    expect(await htmlLang(page)).toBe(locale)
    expect(await page.getByTestId('language-switch').innerText()).toBe(locale === 'en' ? '中文' : 'English')
    // The left-out groups are completed once the page is up (when the browser is idle), from the
    // build's own copy, never by asking for the catalogue: the staff workspace's, merged last and never
    // carried by a public page, is there without a tap.
    await expect.poll(() => page.evaluate(() => {
      const app = (document.querySelector('#__nuxt') as unknown as { __vue_app__: { $nuxt: { $i18n: { getLocaleMessage: (locale: string) => object } } } }).__vue_app__
      return 'admin' in app.$nuxt.$i18n.getLocaleMessage(document.documentElement.lang)
    }), { timeout: 10_000 }).toBe(true)
    // Nor later, once the browser is idle. Bounded: on a loaded machine Chromium gave this page no idle
    // time for over 20 s after the taps, and an idle callback without a timeout hung the test for 60 s.
    await page.evaluate(() => new Promise(resolve => requestIdleCallback(() => setTimeout(resolve, 500), { timeout: 5_000 })))
    expect(held).toEqual([])
    await context.close()
  })

  // A public page carries no messages of the staff workspace, open data or the poster: the way to
  // those pages completes them, from the build's own copy, whatever that request does.
  it.each([['zh-CN', '开放数据：下载全部地点'], ['en', 'Open data: download every place']])('opens open data from the map page (%s) with its messages, even if the request for them never answers', async (locale, heading) => {
    const context = await phone(browser, baseURL)
    await context.addCookies([{ name: 'i18n_lang', value: locale, url: baseURL }])
    const held: string[] = []
    await context.route(/\/_i18n\//, route => void held.push(route.request().url()))
    const page = await context.newPage()
    await page.goto('/')
    await mapReady(page)
    expect(await page.locator('#__NUXT_DATA__, script[type="application/json"]').evaluateAll(scripts => scripts.some(s => s.textContent!.includes('"admin"')))).toBe(false)
    await tapWhenStill(page.locator('footer a[href="/open-data"]'))
    // The tap waits for the build's own copy, never for the catalogue's request.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText(), { timeout: 10_000 }).toBe(heading)
    expect(page.url()).toBe(`${baseURL}/open-data`)
    expect(held).toEqual([])
    expect(context.problems).toEqual([])
    await context.close()
  })
})
