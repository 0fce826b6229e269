import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { startServer } from '../setup/server'
import { addStaff, client, login, openStores } from './staff-client'

/**
 * The region is configuration (issue 10): the shared server runs the default (140700), and a server of
 * its own runs a province (NUXT_PUBLIC_REGION=140000) on the same build and content.
 */
interface RegionAnswer {
  code: string
  name: string
  bounds: { south: number, north: number, west: number, east: number }
  districts: Array<{ code: string, name: string }>
}

const regionOf = async (baseURL: string): Promise<RegionAnswer> => (await fetch(`${baseURL}/api/region`)).json() as Promise<RegionAnswer>
const YANGQU = { lat: 38.3, lng: 112.65, precision: 'exact' } // 太原 阳曲县: in Shanxi, north of the default region's box

describe('the default region', () => {
  const baseURL = inject('baseURL')

  it('offers its 11 districts and shows each place\'s district by code and name', async () => {
    const region = await regionOf(baseURL)
    expect(region.code).toBe('140700')
    expect(region.districts).toHaveLength(11)
    expect(region.districts[0]).toEqual({ code: '140702', name: '榆次区' })
    const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
    const names = new Map(region.districts.map(d => [d.code, d.name]))
    for (const place of places) expect(place.districtName, place.id).toBe(names.get(place.district))
  })

  it('names the region in the web manifest an installed app takes its name from', async () => {
    const response = await fetch(`${baseURL}/manifest.webmanifest`)
    expect(response.headers.get('content-type')).toContain('application/manifest+json')
    const manifest = await response.json() as { name: string, short_name: string, description: string }
    expect(manifest).toMatchObject({ name: '驿站地图 · 晋中户外劳动者爱心驿站', short_name: '驿站地图' })
    expect(manifest.description).toContain('晋中')
  })

  it('answers an old shared link that filters by a district\'s name as by its code', async () => {
    const byName = await (await fetch(`${baseURL}/api/stations?limit=0&district=${encodeURIComponent('灵石县')}`)).json() as { matching: number }
    const byCode = await (await fetch(`${baseURL}/api/stations?limit=0&district=140729`)).json() as { matching: number }
    expect(byName.matching).toBeGreaterThan(0)
    expect(byName.matching).toBe(byCode.matching)
  })
})

describe('a province as the region (NUXT_PUBLIC_REGION=140000)', () => {
  let baseURL: string
  let child: ChildProcess | undefined
  let dataDir: string
  let admin: ReturnType<typeof client>
  let closeStores: (() => Promise<void>) | undefined

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'yizhan-region-'))
    const databasePath = join(dataDir, 'region.sqlite')
    const started = await startServer({ DATABASE_URL: `file:${databasePath}`, NUXT_PUBLIC_REGION: '140000', NUXT_PUBLIC_UNION_NAME: '山西省总工会' })
    baseURL = started.baseURL
    child = started.child
    const { stores, close } = openStores(databasePath)
    closeStores = close
    admin = client(baseURL, await login(baseURL, (await addStaff(stores, 'admin')).email))
  })

  afterAll(async () => {
    child?.kill('SIGTERM')
    await closeStores?.()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('offers the province\'s districts, 太原\'s with 晋中\'s, in the API, and the districts of the city it lists in the map\'s filter', async () => {
    const region = await regionOf(baseURL)
    expect(region.code).toBe('140000')
    const codes = region.districts.map(d => d.code)
    expect(codes).toEqual(expect.arrayContaining(['140105', '140122', '140702', '140729']))
    expect(region.districts.length).toBeGreaterThan(110)
    const taiyuan = await (await fetch(`${baseURL}/api/region?city=140100`)).json() as RegionAnswer
    expect(taiyuan.districts.map(d => d.code)).toContain('140105')
    expect(taiyuan.districts.every(d => d.code.startsWith('1401'))).toBe(true)
    // The province's places are all in 晋中, so the list shows 晋中 and the filter offers its 11 districts.
    const html = await (await fetch(`${baseURL}/`)).text()
    expect(html).toMatch(/<option value="140702"[^>]*>榆次区<\/option>/)
    expect(html.match(/<option value="\d{6}"/g)).toHaveLength(11)
    expect(html).toContain('山西省总工会')
  })

  it('names the province, not the default city, in the web manifest and the page title', async () => {
    const manifest = await (await fetch(`${baseURL}/manifest.webmanifest`)).json() as { name: string, description: string }
    expect(manifest.name).toBe('驿站地图 · 山西户外劳动者爱心驿站')
    expect(`${manifest.name} ${manifest.description}`).not.toContain('晋中')
    const html = await (await fetch(`${baseURL}/`)).text()
    expect(html).toMatch(/<title>[^<]*山西[^<]*<\/title>/)
    expect(html).toMatch(/<link[^>]+rel="manifest"[^>]+href="\/manifest\.webmanifest"/)
  })

  it('serves the same content places, valid in the province too', async () => {
    const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
    expect(places.length).toBeGreaterThan(40)
    expect(places.every(place => place.district.startsWith('1407'))).toBe(true)
  })

  it('lets staff move a station to 太原 (outside the default region), and refuses a position outside the province', async () => {
    const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
    const station = places.find(place => !place.sample) ?? places[0]!

    const outside = await admin.patch(`/api/admin/stations/${station.id}`, { location: { lat: 39.9, lng: 116.4, precision: 'exact' }, reason: '测试' })
    expect(outside.status).toBe(400)
    expect(outside.json.data.code).toBe('VALIDATION_FAILED')
    expect(JSON.stringify(outside.json.data.issues)).toContain('经度不在山西范围内')

    const moved = await admin.patch(`/api/admin/stations/${station.id}`, { location: YANGQU, district: '阳曲县', reason: '测试' })
    expect(moved.status, moved.text).toBe(200)
    const after = await (await fetch(`${baseURL}/api/stations/${station.id}`)).json() as { district: string, districtName: string }
    expect(after).toMatchObject({ district: '140122', districtName: '阳曲县' })
  })
})
