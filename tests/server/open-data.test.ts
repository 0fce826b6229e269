import { request } from 'node:http'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import Papa from 'papaparse'
import { describe, expect, inject, it } from 'vitest'
import type { GeoJsonFeatureCollection } from '../../shared/utils/open-data'
import type { PlacesResponse } from '../../shared/types/place'

const baseURL = inject('baseURL')
await setup({ host: baseURL })

describe('GET /api/stations.geojson', () => {
  it('is an RFC 7946 FeatureCollection of the places the JSON API serves, longitude first', async () => {
    const [{ places }, geo] = await Promise.all([
      $fetch<PlacesResponse>('/api/stations'),
      fetch('/api/stations.geojson').then(r => r.json() as Promise<GeoJsonFeatureCollection>),
    ])
    expect(geo.type).toBe('FeatureCollection')
    expect(geo).not.toHaveProperty('crs')
    expect(geo.features.map(f => f.properties.id)).toEqual(places.map(p => p.id))
    expect(new Set(geo.features.map(f => f.properties.id)).size).toBe(geo.features.length)
    for (const feature of geo.features) {
      const place = places.find(p => p.id === feature.properties.id)!
      expect(feature.type).toBe('Feature')
      expect(feature.geometry.type).toBe('Point')
      const [lng, lat] = feature.geometry.coordinates
      expect(feature.geometry.coordinates).toHaveLength(2)
      expect([lng, lat]).toEqual([place.location.lng, place.location.lat])
      expect(lng).toBeGreaterThanOrEqual(111)
      expect(lng).toBeLessThanOrEqual(115)
      expect(lat).toBeGreaterThanOrEqual(36)
      expect(lat).toBeLessThanOrEqual(39)
      expect(feature.properties).toMatchObject({ name: place.name, kind: place.kind, status: place.status, sample: place.sample, precision: place.location.precision, source: place.source.name })
      // No NUXT_PUBLIC_SITE_URL on the test server: a relative link (tests/server/site-url.test.ts has one).
      expect(feature.properties.url).toBe(`/stations/${place.id}`)
    }
  })

  it('answers as application/geo+json that any site may fetch', async () => {
    const response = await fetch('/api/stations.geojson')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('never builds links from the request\'s Host header', async () => {
    // fetch() will not send another Host: a raw request does, as a client on the internet can.
    const { hostname, port } = new URL(baseURL)
    const body = await new Promise<string>((resolve, reject) => {
      const req = request({ hostname, port, path: '/api/stations.geojson', headers: { host: 'evil.example' } }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve(text))
      })
      req.on('error', reject)
      req.end()
    })
    expect(body).toContain('"url":"/stations/')
    expect(body).not.toContain('evil.example')
  })

  it('does not collide with /api/stations/:id', async () => {
    const { places } = await $fetch<PlacesResponse>('/api/stations')
    const response = await fetch(`/api/stations/${places[0]!.id}`)
    expect(response.status).toBe(200)
    expect((await response.json()).id).toBe(places[0]!.id)
    expect((await fetch('/api/stations/stations.geojson')).status).toBe(404)
  })
})

describe('GET /api/stations.csv', () => {
  it('starts with a byte-order mark and parses back to the same ids and names', async () => {
    const [{ places }, response] = await Promise.all([$fetch<PlacesResponse>('/api/stations'), fetch('/api/stations.csv')])
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/)
    expect(response.headers.get('content-disposition')).toContain('attachment')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xEF, 0xBB, 0xBF])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    const { data, errors, meta } = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true })
    expect(errors).toEqual([])
    expect(meta.fields?.slice(0, 7)).toEqual(['id', 'name', 'kind', 'district', 'address', 'lat', 'lng'])
    expect(data.map(row => [row.id, row.name])).toEqual(places.map(p => [p.id, p.name]))
    for (const row of data) expect(row.name).not.toMatch(/^[=+\-@\t\r]/)
  })
})

describe('the open-data page', () => {
  it('describes and links both downloads, and is linked from the footer', async () => {
    const html = await $fetch<string>('/open-data')
    expect(html).toContain('开放数据')
    expect(html).toContain('href="/api/stations.geojson"')
    expect(html).toContain('href="/api/stations.csv"')
    expect(html).toContain('WGS-84')
    expect(html).toContain('lastVerified')
    expect(await $fetch<string>('/')).toContain('href="/open-data"')
  })
})

describe('the station poster', () => {
  it('renders the station; without a configured site URL the QR code is left to the browser, never made from the request\'s Host', async () => {
    const { places } = await $fetch<PlacesResponse>('/api/stations')
    const place = places.find(p => !p.sample && p.amenities.length)!
    const html = await (await fetch(`/stations/${place.id}/poster`, { headers: { 'x-forwarded-host': 'evil.example' } })).text()
    expect(html).not.toContain('evil.example')
    expect(html).not.toMatch(/<img[^>]*src="data:image\/svg\+xml;/)
    expect(html).toContain(`/stations/${place.id}`)
    expect(html).toContain(place.name)
    expect(html).toContain('扫码查看位置和开放时间')
    expect(html).toContain('12351')
    expect(html).not.toContain('data-testid="poster-watermark"')
    expect(html).not.toContain('class="app-header')
  })

  it('marks a sample station with a "do not put up" watermark', async () => {
    const { places } = await $fetch<PlacesResponse>('/api/stations')
    const html = await $fetch<string>(`/stations/${places.find(p => p.sample)!.id}/poster`)
    expect(html).toContain('data-testid="poster-watermark"')
    expect(html).toContain('示例数据，请勿张贴')
  })

  it('answers 404 for an unknown station', async () => {
    expect((await fetch('/stations/no-such-station/poster')).status).toBe(404)
  })
})
