import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { launch, phone } from './browser'

/**
 * The opening_hours parser (about 116 KB gzip) stays off the phone (issue 10): the server expands
 * hours into intervals. A stray import from a page would ship it; this finds out by loading the public
 * pages and reading every script they fetch.
 */

const baseURL = inject('baseURL')
// A name of the parser's API that survives minification (it is a method name).
const PARSER = 'isWeekStable'
let browser: Browser
let stationId: string

beforeAll(async () => {
  browser = await launch()
  stationId = ((await (await fetch(`${baseURL}/api/stations`)).json()) as PlacesResponse).places[0]!.id
})
afterAll(() => browser?.close())

describe('the scripts a phone loads', () => {
  it('is a real signature: the build holds the parser for the staff pages', () => {
    const dir = resolve(import.meta.dirname, '../../.output/public/_nuxt')
    const withParser = readdirSync(dir).filter(file => file.endsWith('.js') && readFileSync(resolve(dir, file), 'utf8').includes(PARSER))
    expect(withParser.length).toBeGreaterThan(0)
  })

  it('never include the opening_hours parser on the public pages', async () => {
    for (const path of ['/', `/stations/${stationId}`, `/stations/${stationId}/report`, '/suggest', '/open-data']) {
      const context = await phone(browser, baseURL)
      const page = await context.newPage()
      const scripts: Array<Promise<{ url: string, text: string }>> = []
      page.on('response', (response) => {
        if (response.url().endsWith('.js')) scripts.push(response.text().then(text => ({ url: response.url(), text })))
      })
      await page.goto(path)
      await page.waitForLoadState('networkidle')
      const loaded = await Promise.all(scripts)
      expect(loaded.length, path).toBeGreaterThan(0)
      expect(loaded.filter(script => script.text.includes(PARSER)).map(script => script.url), path).toEqual([])
      await context.close()
    }
  })

  // gcoord (3.5 KB gzip) converts the map's points to the tiles' coordinates: it comes with Leaflet,
  // after the page, not in the map page's first JavaScript (the modules its HTML names).
  it('keeps the coordinate conversion out of the map page\'s first JavaScript, and the map still places its markers', async () => {
    const GCOORD = '"BD09MC"'
    const dir = resolve(import.meta.dirname, '../../.output/public/_nuxt')
    expect(readdirSync(dir).some(file => file.endsWith('.js') && readFileSync(resolve(dir, file), 'utf8').includes(GCOORD))).toBe(true)
    const html = await (await fetch(`${baseURL}/`)).text()
    const first = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/_nuxt\/([^"]+\.js)"/g)].map(m => m[1]!)
    expect(first.length).toBeGreaterThan(3)
    expect(first.filter(file => readFileSync(resolve(dir, file), 'utf8').includes(GCOORD))).toEqual([])
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/')
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor()
    expect(await page.locator('.leaflet-marker-icon').count()).toBeGreaterThan(0)
    expect(context.problems).toEqual([])
    await context.close()
  })
})

// A station page's HTML carries the global stylesheet inlined (server/plugins/station-page-styles.ts):
// its first paint waits for the HTML only. The other pages link it, as Nuxt builds them.
describe('the styles a phone waits for', () => {
  it('come inlined in a station page\'s HTML, never downloaded there, and linked in the other pages\'', async () => {
    const global = readFileSync(resolve(import.meta.dirname, '../../assets/css/main.css'), 'utf8')
    // A custom property of the stylesheet's first rule, as the build minifies it.
    const signature = `--brand:${global.match(/--brand:\s*(#[0-9a-f]+)/)![1]!}`
    const styles = async (path: string) => {
      const html = await (await fetch(`${baseURL}${path}`)).text()
      return {
        inline: [...html.matchAll(/<style[^>]*>([^<]*)<\/style>/g)].map(m => m[1]!).join(''),
        // A disabled link is never fetched.
        linked: [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*>/g)].filter(([link]) => !/\sdisabled[\s>]/.test(link))
          .map(([link]) => link.match(/href="\/_nuxt\/([^".]+)/)![1]),
      }
    }
    for (const path of [`/stations/${stationId}`, `/stations/${stationId}/report`]) {
      const { inline, linked } = await styles(path)
      expect(inline, path).toContain(signature)
      expect(linked, path).toEqual([])
    }
    for (const [path, links] of [['/', ['entry', 'leaflet']], ['/suggest', ['entry']], ['/open-data', ['entry']]] as const) {
      const { inline, linked } = await styles(path)
      expect(inline, path).not.toContain(signature)
      expect(linked.sort(), path).toEqual(links)
    }
    // And the page looks as it should (the header in the brand's colour), without downloading the
    // stylesheet after all: the page's later chunks name it, and Vite's loader linked it once it found
    // no link to it in the page.
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    const stylesheets: string[] = []
    page.on('request', (request) => {
      if (request.resourceType() === 'stylesheet') stylesheets.push(new URL(request.url()).pathname)
    })
    await page.goto(`/stations/${stationId}`)
    await page.waitForLoadState('networkidle')
    expect(await page.locator('.app-header').evaluate(header => getComputedStyle(header).backgroundColor)).toBe('rgb(183, 28, 28)')
    expect(stylesheets).toEqual([])
    expect(context.problems).toEqual([])
    await context.close()
  })
})
