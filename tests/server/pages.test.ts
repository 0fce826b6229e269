import { resolve } from 'node:path'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import { describe, expect, inject, it } from 'vitest'
import { readPlaceFiles } from '../../modules/validate-places/place-files'
import { toGcj02 } from '../../shared/utils/coords'

const root = resolve(import.meta.dirname, '../..')
const files = readPlaceFiles(resolve(root, 'content'), root).places

await setup({ host: inject('baseURL') })

const countCards = (html: string) => html.split('data-testid="station-card"').length - 1
/** Where the list's "more" link goes, if there is one. */
const moreHref = (html: string) => /href="([^"]+)"/.exec(/<a[^>]*data-testid="list-more"[^>]*>/.exec(html)?.[0] ?? '')?.[1]?.replaceAll('&amp;', '&')

describe('the map page, server-rendered (works without JavaScript)', () => {
  it('is Chinese and lists the first 20 places, with a "more" link that works without JavaScript', async () => {
    const html = await $fetch<string>('/')
    expect(html).toMatch(/<html[^>]*lang="zh-CN"/)
    expect(countCards(html)).toBe(Math.min(20, files.length))
    expect(files.length).toBeGreaterThan(40)
    expect(moreHref(html)).toBe('/?limit=40')
    expect(countCards(await $fetch<string>('/?limit=40'))).toBe(40)
    const all = await $fetch<string>('/?limit=60')
    expect(countCards(all)).toBe(files.length)
    for (const { data } of files) expect(all).toContain(data.name)
    expect(moreHref(all)).toBeUndefined()
  })

  it('carries only the places it shows, and each once, in the page data', async () => {
    const html = await $fetch<string>('/')
    const shown = [...html.matchAll(/data-testid="station-card"[^>]*data-id="([^"]+)"|data-id="([^"]+)"[^>]*data-testid="station-card"/g)].map(m => m[1] ?? m[2])
    const payload = /id="__NUXT_DATA__"[^>]*>(.*?)<\/script>/s.exec(html)![1]!
    const listed = files.filter(f => payload.includes(`"${f.id}"`)).map(f => f.id)
    expect(listed.sort()).toEqual([...shown].sort())
    for (const id of shown) expect(payload.split(`"${id}"`).length - 1, id).toBe(1)
  })

  it('shows the sample-data notice while sample records are listed', async () => {
    const html = await $fetch<string>('/')
    expect(html).toContain('示例数据，请以工会公布为准')
  })

  it('applies filters from the URL query, amenities combined with AND', async () => {
    const expected = files.filter(f => f.data.amenities.includes('water') && f.data.amenities.includes('hot-meals'))
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(files.length)
    expect(expected.length).toBeGreaterThan(20)
    const html = await $fetch<string>('/?amenity=water&amenity=hot-meals')
    expect(countCards(html)).toBe(20)
    expect(moreHref(html)).toBe('/?amenity=water&amenity=hot-meals&limit=40')
    expect(countCards(await $fetch<string>(moreHref(html)!))).toBe(expected.length)
    expect(html).toMatch(/<input[^>]*value="hot-meals"[^>]*checked|<input[^>]*checked[^>]*value="hot-meals"/)
  })

  it('filters by kind and shows the empty state when nothing matches', async () => {
    const nursing = files.filter(f => f.data.kind === 'nursing-room')
    expect(countCards(await $fetch<string>('/?kind=nursing-room'))).toBe(nursing.length)
    const none = await $fetch<string>('/?kind=nursing-room&amenity=ebike-charging&amenity=books&amenity=rain-gear')
    expect(countCards(none)).toBe(0)
    expect(none).toContain('没有符合条件的地点')
  })

  it('searches by name through the q parameter', async () => {
    const html = await $fetch<string>(`/?q=${encodeURIComponent('静升')}`)
    expect(countCards(html)).toBe(1)
    expect(html).toContain('中石化静升加油站')
  })

  it('has no external scripts, styles or fonts', async () => {
    const html = await $fetch<string>('/')
    const external = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(https?:)?\/\/[^"]+"/g)].map(m => m[0])
    expect(external).toEqual([])
  })
})

describe('a station page, server-rendered', () => {
  const sample = files.find(f => f.data.sample)!
  const real = files.find(f => !f.data.sample && f.data.kind === 'rest-station')!

  it('shows the place with hours, amenities in words and navigation links', async () => {
    const html = await $fetch<string>(`/stations/${sample.id}`)
    expect(html).toContain(sample.data.name)
    expect(html).toContain(sample.data.address)
    expect(html).toContain('开放时间')
    expect(html).toContain('饮水')
    for (const app of ['amap', 'baidu', 'tencent', 'apple']) expect(html).toContain(`data-app="${app}"`)
  })

  it('gives 高德 converted GCJ-02 coordinates and 百度 WGS-84 ones', async () => {
    const html = await $fetch<string>(`/stations/${sample.id}`)
    const amap = new URL(html.match(/href="(https:\/\/uri\.amap\.com\/navigation\?[^"]+)"/)![1]!.replaceAll('&amp;', '&'))
    const [lng, lat] = amap.searchParams.get('to')!.split(',').map(Number)
    const gcj = toGcj02(sample.data.location)
    expect(lng).toBeCloseTo(gcj.lng, 5)
    expect(lat).toBeCloseTo(gcj.lat, 5)
    expect(html).toContain('coord_type=wgs84')
  })

  it('marks sample records and not real ones', async () => {
    expect(await $fetch<string>(`/stations/${sample.id}`)).toContain('示例数据，请以工会公布为准')
    const realHtml = await $fetch<string>(`/stations/${real.id}`)
    expect(realHtml).not.toContain('示例数据，请以工会公布为准')
    expect(realHtml).toContain('位置为大致位置')
  })

  it('carries a share card: Open Graph title, description, URL and image (absolute with NUXT_PUBLIC_SITE_URL: tests/server/site-url.test.ts)', async () => {
    const html = await $fetch<string>(`/stations/${real.id}`)
    const og = (property: string) => new RegExp(`<meta[^>]*property="og:${property}"[^>]*content="([^"]*)"`).exec(html)?.[1]
    expect(og('title')).toBe(real.data.name)
    expect(og('description')).toContain(real.data.address)
    expect(og('type')).toBe('website')
    // No site URL on the shared test server: relative, never the request's Host.
    expect(og('url')).toBe(`/stations/${real.id}`)
    const image = await fetch(og('image')!)
    expect(og('image')).toBe('/pwa-512x512.png')
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
  })

  it('answers 404 in Chinese for an unknown station', async () => {
    const response = await fetch('/stations/no-such-station', { headers: { accept: 'text/html' } })
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('找不到')
  })
})
