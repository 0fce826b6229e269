import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { synthLines } from '../../scripts/lib/place-synth'
import { prefectureOf } from '../../server/regions/divisions'
import { distanceMeters } from '../../shared/utils/geo'
import type { CityPlaces } from '../../shared/types/place'
import type { GeoJsonFeatureCollection } from '../../shared/utils/open-data'
import { startServer } from '../setup/server'
import { sameBeijingDay } from '../support/beijing-day'
import { runScript } from '../support/script'
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/services'
import { addStaff, call, client, login, openStores } from './staff-client'

/**
 * A national list in the database (issue 10): `npm run data:import -- FILE.csv --to database` of
 * 2,000 synthetic places and a few bad rows, on a server of the whole country (NUXT_PUBLIC_REGION=100000)
 * with its own database: the report names the bad rows, the good ones are served (nearest, map views,
 * open data with an ETag and gzip), an import again adds nothing, a running server sees a new import,
 * and staff edit and retire an imported place like any other.
 */

const GOOD = 2000
const REGION = { NUXT_PUBLIC_REGION: '100000' }
const dir = mkdtempSync(join(tmpdir(), 'yizhan-places-import-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Row { 名称: string, 纬度: string, 经度: string }

/** A synthetic list of the whole country; with `bad`, four bad rows after the good ones. */
function writeList(file: string, count: number, seed: number, bad = false): { path: string, rows: Row[], badLines: number[] } {
  const text = [...synthLines({ count, seed })].join('')
  const badRows = bad
    ? [
        '合成·海上的驿站,爱心驿站,110101,合成路1号,0.5,60.0,WGS-84,24/7,饮水,合成总工会,是',
        '合成·区县错的驿站,爱心驿站,999999,合成路2号,39.9,116.4,WGS-84,24/7,饮水,合成总工会,是',
        '合成·时间错的驿站,爱心驿站,110101,合成路3号,39.91,116.41,WGS-84,whenever,饮水,合成总工会,是',
        ',爱心驿站,110101,合成路4号,39.92,116.42,WGS-84,24/7,饮水,合成总工会,是',
      ]
    : []
  const path = join(dir, file)
  writeFileSync(path, text + badRows.map(line => `${line}\r\n`).join(''))
  const rows = Papa.parse<Row>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data
  return { path, rows, badLines: badRows.map((_, i) => count + 2 + i) }
}

function importList(path: string, database: TestDatabase) {
  return runScript('scripts/data-import.ts', [path, '--to', 'database', '--skip-bad'], { ...REGION, DATABASE_URL: database.url })
}

/** GET with gzip accepted, the body as sent (compressed) and as read. */
function getRaw(baseURL: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number, headers: Record<string, string | string[] | undefined>, wire: number, body: string }> {
  const url = new URL(path, baseURL)
  return new Promise((resolve, reject) => {
    request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: { 'accept-encoding': 'gzip', ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        try {
          const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8')
          resolve({ status: res.statusCode!, headers: res.headers, wire: raw.length, body })
        }
        catch (error) {
          reject(new Error(`${path}: ${res.statusCode} ${JSON.stringify(res.headers)} ${raw.length} bytes: ${String(error)}`))
        }
      })
    }).on('error', reject).end()
  })
}

describe.each(DIALECTS)('a national list imported into %s', (dialect) => {
  let database: TestDatabase
  let server: Awaited<ReturnType<typeof startServer>>
  let first: Awaited<ReturnType<typeof importList>>
  const list = writeList(`national-${dialect}.csv`, GOOD, 21, true)
  const nearest = async (row: Row) => (await call(server.baseURL, 'GET', `/api/places/nearest?lat=${row.纬度}&lng=${row.经度}&limit=1`)).json.places[0]
  const countryTotal = async () => (await call(server.baseURL, 'GET', '/api/places?bbox=73,3,136,54&zoom=4')).json.total as number

  beforeAll(async () => {
    database = await freshDatabase(dialect)
    first = await importList(list.path, database)
    server = await startServer({ ...REGION, DATABASE_URL: database.url })
  }, 180_000)
  afterAll(async () => {
    server?.child.kill('SIGTERM')
    await new Promise(resolve => server?.child.once('exit', resolve))
    await database?.drop()
  })

  it('reports each bad row by its line, and writes the good ones', async () => {
    expect(first.code).toBe(1)
    expect(first.output).toContain(`${GOOD + list.badLines.length} 行数据，${GOOD} 行有效，${list.badLines.length} 行有错误`)
    for (const line of list.badLines) expect(first.output).toContain(`第 ${line} 行`)
    expect(first.output).toMatch(new RegExp(`第 ${list.badLines[0]} 行 纬度 \\(location\\.lat\\)`))
    expect(first.output).toContain(`新增 ${GOOD} 行`)
    const { stores, close } = openStores(database.url)
    try {
      expect(await stores.imported.count()).toBe(GOOD)
    }
    finally {
      await close()
    }
  })

  it('serves the imported places: each is the nearest place to its own position', async () => {
    for (const row of [list.rows[0]!, list.rows[777]!, list.rows[GOOD - 1]!]) {
      const place = await nearest(row)
      expect(place.name).toBe(row.名称)
      expect(place.distance).toBe(0)
      expect(place.location).toEqual({ lat: Number(row.纬度), lng: Number(row.经度) })
    }
    const bad = await nearest({ 名称: '', 纬度: '39.91', 经度: '116.41' })
    expect(bad.name).not.toBe('合成·时间错的驿站')
  })

  it('gives a phone its city\'s places and the nearest 50 wherever they are, so "near me" is true at a city\'s edge', async () => {
    const everything = (await call(server.baseURL, 'GET', '/api/stations')).json.places as Array<{ id: string, name: string, district: string, location: { lat: number, lng: number } }>
    const row = list.rows[1234]!
    const point = { lat: Number(row.纬度), lng: Number(row.经度) }
    const answer = (await call(server.baseURL, 'GET', `/api/places/city?near=${point.lat},${point.lng}`)).json as { city: string, places: Array<{ id: string, district: string }> }
    const held = new Set(answer.places.map(p => p.id))
    expect(held.size).toBe(answer.places.length)
    const byDistance = [...everything].sort((a, b) => distanceMeters(point, a.location) - distanceMeters(point, b.location))
    for (const place of byDistance.slice(0, 50)) expect(held.has(place.id), place.id).toBe(true)
    // Every place of the city is there too, and from elsewhere only those nearest ones.
    const inCity = everything.filter(place => prefectureOf(place.district)?.code === answer.city).map(place => place.id)
    for (const id of inCity) expect(held.has(id), id).toBe(true)
    const allowed = new Set([...inCity, ...byDistance.slice(0, 50).map(place => place.id)])
    expect(answer.places.filter(place => !allowed.has(place.id))).toEqual([])
    // A search from the same point leaves out all the phone holds: its city and those neighbours.
    const search = (await call(server.baseURL, 'GET', `/api/places/search?q=${encodeURIComponent('合成')}&notCity=${answer.city}&near=${point.lat},${point.lng}`)).json as { total: number }
    expect(search.total).toBe(everything.filter(place => place.name.includes('合成') && !held.has(place.id)).length)
  })

  it('adds nothing when the same list is imported again', async () => {
    const before = await countryTotal()
    expect(before).toBeGreaterThanOrEqual(GOOD)
    const again = await importList(list.path, database)
    expect(again.output).toContain(`新增 0 行，更新 0 行，未变 ${GOOD} 行`)
    expect(await countryTotal()).toBe(before)
  })

  it('shows a new import on a running server within a few seconds', async () => {
    const more = writeList(`more-${dialect}.csv`, 30, 99)
    expect((await importList(more.path, database)).code).toBe(0)
    const deadline = Date.now() + 15_000
    let found = await nearest(more.rows[5]!)
    while (found.name !== more.rows[5]!.名称 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 250))
      found = await nearest(more.rows[5]!)
    }
    expect(found.name).toBe(more.rows[5]!.名称)
  })

  it('streams every place as open data, gzipped, with a strong ETag that answers 304', async () => {
    await sameBeijingDay(10_000)
    const total = await countryTotal()
    const geo = await getRaw(server.baseURL, '/api/stations.geojson')
    expect(geo.status).toBe(200)
    expect(geo.headers['content-encoding']).toBe('gzip')
    expect(geo.headers.etag).toMatch(/^"[\w-]+"$/)
    expect((JSON.parse(geo.body) as GeoJsonFeatureCollection).features).toHaveLength(total)
    expect(geo.wire).toBeLessThan(geo.body.length / 3)
    const again = await getRaw(server.baseURL, '/api/stations.geojson', { 'if-none-match': geo.headers.etag as string })
    expect(again.status).toBe(304)
    expect(again.body).toBe('')

    const json = await getRaw(server.baseURL, '/api/stations')
    expect(JSON.parse(json.body).places).toHaveLength(total)
    expect(json.headers.etag).not.toBe(geo.headers.etag)
    expect((await getRaw(server.baseURL, '/api/stations', { 'if-none-match': json.headers.etag as string })).status).toBe(304)
    const csv = await getRaw(server.baseURL, '/api/stations.csv')
    expect(csv.body.trimEnd().split('\r\n')).toHaveLength(total + 1)
  })

  it('lets staff edit and retire an imported place like any other', async () => {
    await sameBeijingDay(10_000)
    const row = list.rows[42]!
    const { id } = await nearest(row)
    const { stores, close } = openStores(database.url)
    const admin = await addStaff(stores, 'admin').finally(close)
    const staff = client(server.baseURL, await login(server.baseURL, admin.email))
    const etag = (await getRaw(server.baseURL, '/api/stations')).headers.etag
    const cityPath = `/api/places/city?near=${row.纬度},${row.经度}`
    const cityTag = (await getRaw(server.baseURL, cityPath)).headers.etag as string
    expect((await getRaw(server.baseURL, cityPath, { 'if-none-match': cityTag })).status).toBe(304)

    const edited = await staff.patch(`/api/admin/stations/${id}`, { hours: 'Mo-Fr 09:00-17:00', reason: '电话核实' })
    expect(edited.status).toBe(200)
    const place = (await call(server.baseURL, 'GET', `/api/stations/${id}`)).json
    expect(place.hours).toBe('Mo-Fr 09:00-17:00')
    expect(place.name).toBe(row.名称)
    // The open data moved with the edit: the old ETag no longer answers 304.
    expect((await getRaw(server.baseURL, '/api/stations', { 'if-none-match': etag as string })).status).toBe(200)
    // So did the city's places a phone holds: its copy is not current any more.
    const city = await getRaw(server.baseURL, cityPath, { 'if-none-match': cityTag })
    expect(city.status).toBe(200)
    expect((JSON.parse(city.body) as CityPlaces).places.find(p => p.id === id)?.hours).toBe('Mo-Fr 09:00-17:00')

    expect((await staff.post(`/api/admin/stations/${id}/retire`, { reason: '驿站已拆除' })).status).toBe(200)
    expect((await call(server.baseURL, 'GET', `/api/stations/${id}`)).status).toBe(404)
    expect((await nearest(row)).id).not.toBe(id)
    // A later import of the file keeps it retired and keeps the edit.
    await importList(list.path, database)
    expect((await call(server.baseURL, 'GET', `/api/stations/${id}`)).status).toBe(404)
    expect((await staff.post(`/api/admin/stations/${id}/restore`, { reason: '重新开放' })).status).toBe(200)
    expect((await call(server.baseURL, 'GET', `/api/stations/${id}`)).json.hours).toBe('Mo-Fr 09:00-17:00')
  })
})
