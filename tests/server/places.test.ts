import { describe, expect, inject, it } from 'vitest'
import type { CityPlaces, Place, PlacesResponse } from '../../shared/types/place'
import { distanceMeters } from '../../shared/utils/geo'
import { REGION_VIEWS } from '../../shared/regions.config'
import { sameBeijingDay } from '../support/beijing-day'

/** The map's place queries on the shared server, against the full list of /api/stations. */
const baseURL = inject('baseURL')
const get = async (path: string) => {
  const response = await fetch(`${baseURL}${path}`)
  return { status: response.status, json: await response.json() }
}
const all = async (): Promise<Place[]> => ((await (await fetch(`${baseURL}/api/stations`)).json()) as PlacesResponse).places
const YUCI = { lat: 37.688, lng: 112.7526 }

describe('GET /api/places/nearest', () => {
  it('lists the 20 nearest places by great-circle distance, nearest first, in metres', async () => {
    const { status, json } = await get(`/api/places/nearest?lat=${YUCI.lat}&lng=${YUCI.lng}`)
    expect(status).toBe(200)
    const brute = (await all()).map(p => ({ id: p.id, distance: Math.round(distanceMeters(YUCI, p.location)) })).sort((a, b) => a.distance - b.distance).slice(0, 20)
    expect(json.places.map((p: { distance: number }) => p.distance)).toEqual(brute.map(p => p.distance))
    expect(json.places[0]).toEqual({ id: brute[0]!.id, name: expect.any(String), kind: expect.any(String), district: expect.stringMatching(/^\d{6}$/), districtName: expect.stringMatching(/[区县市]$/), status: expect.any(String), location: { lat: expect.any(Number), lng: expect.any(Number) }, distance: brute[0]!.distance })
  })

  it('applies the map\'s filters', async () => {
    const { json } = await get(`/api/places/nearest?lat=${YUCI.lat}&lng=${YUCI.lng}&limit=50&kind=nursing-room&district=榆次区`)
    const expected = (await all()).filter(p => p.kind === 'nursing-room' && p.districtName === '榆次区')
    expect(json.places.map((p: { id: string }) => p.id).sort()).toEqual(expected.map(p => p.id).sort())
  })

  it.each([
    ['no position', '', 'lat'],
    ['a limit over 50', `lat=${YUCI.lat}&lng=${YUCI.lng}&limit=51`, 'limit'],
    ['a latitude that is not a number', `lat=abc&lng=${YUCI.lng}`, 'lat'],
  ])('refuses %s with 400 naming the field', async (_name, query, field) => {
    const { status, json } = await get(`/api/places/nearest?${query}`)
    expect(status).toBe(400)
    expect(json.data.code).toBe('VALIDATION_FAILED')
    expect(json.data.issues.map((i: { path: string }) => i.path)).toContain(field)
  })
})

describe('GET /api/places?bbox=&zoom=', () => {
  const { bounds } = REGION_VIEWS['140700']!
  const region = `${bounds.west},${bounds.south},${bounds.east},${bounds.north}`

  it('counts every place in the region, grouped into clusters when zoomed out and alone when zoomed in', async () => {
    const places = await all()
    const far = (await get(`/api/places?bbox=${region}&zoom=8`)).json
    expect(far.total).toBe(places.length)
    expect(far.clusters.length).toBeGreaterThan(0)
    expect(far.clusters.reduce((sum: number, c: { count: number }) => sum + c.count, 0) + far.places.length).toBe(places.length)
    const near = (await get(`/api/places?bbox=${region}&zoom=17`)).json
    expect(near).toMatchObject({ total: places.length, clusters: [] })
    expect(near.places.map((p: { id: string }) => p.id).sort()).toEqual(places.map(p => p.id).sort())
    // Named: a place of another city has no name the phone knows.
    const first = places.find(p => p.id === near.places[0].id)!
    expect(near.places[0]).toMatchObject({ district: first.district, districtName: first.districtName })
  })

  it('counts only what is inside the box and passes the filters', async () => {
    const box = { west: 112.7, south: 37.65, east: 112.8, north: 37.72 }
    const inside = (await all()).filter(p => p.kind === 'rest-station' && p.location.lng >= box.west && p.location.lng <= box.east && p.location.lat >= box.south && p.location.lat <= box.north)
    const { json } = await get(`/api/places?bbox=${box.west},${box.south},${box.east},${box.north}&zoom=13&kind=rest-station`)
    expect(json.total).toBe(inside.length)
    // Zoomed out, kinds alone are answered from each kind's summed cells: the same count.
    const kinds = (await all()).filter(p => p.kind === 'rest-station' || p.kind === 'nursing-room')
    const far = (await get(`/api/places?bbox=${region}&zoom=8&kind=rest-station&kind=nursing-room`)).json
    expect(far.total).toBe(kinds.length)
    expect(far.clusters.reduce((sum: number, c: { count: number }) => sum + c.count, 0) + far.places.length).toBe(kinds.length)
  })

  it.each([
    ['no box', 'zoom=10'],
    ['three numbers', 'bbox=1,2,3&zoom=10'],
    ['west east of east', 'bbox=113,37,112,38&zoom=10'],
    ['zoom 30', `bbox=${region}&zoom=30`],
  ])('refuses %s with 400', async (_name, query) => {
    const { status, json } = await get(`/api/places?${query}`)
    expect(status).toBe(400)
    expect(json.data.code).toBe('VALIDATION_FAILED')
  })
})

describe('GET /api/places/city', () => {
  it('answers every place of the city around the configured centre, and around a point given', async () => {
    const { status, json } = await get('/api/places/city')
    expect(status).toBe(200)
    // Every bundled place lies in one prefecture-level division.
    expect(json.city).toBe('140700')
    expect(json.places.map((p: Place) => p.id)).toEqual((await all()).map(p => p.id))
    expect((await get('/api/places/city?near=37.2,112.18')).json.places.length).toBe(json.places.length)
  })

  it('answers 304 to a phone that holds the same places, named by what they are, not by when or where they were asked', async () => {
    await sameBeijingDay(10_000)
    const first = await fetch(`${baseURL}/api/places/city`)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^W\/"[\w-]+"$/)
    const { generatedAt } = await first.json() as CityPlaces
    const kept = await fetch(`${baseURL}/api/places/city`, { headers: { 'if-none-match': etag } })
    expect(kept.status).toBe(304)
    expect(kept.headers.get('content-encoding')).toBeNull()
    expect(await kept.text()).toBe('')
    // Asked again later and from another point of the city: the same places, the same tag and time.
    const again = await fetch(`${baseURL}/api/places/city?near=37.2,112.18`)
    expect(again.headers.get('etag')).toBe(etag)
    expect((await again.json() as CityPlaces).generatedAt).toBe(generatedAt)
    expect((await fetch(`${baseURL}/api/places/city`, { headers: { 'if-none-match': 'W/"older"' } })).status).toBe(200)
    // The first page of the list, which the city's places replace on the phone, gives the data the same age.
    expect((await get('/api/stations?limit=20')).json.generatedAt).toBe(generatedAt)
  })

  it('refuses a near that is not a point with 400 in Chinese', async () => {
    const { status, json } = await get('/api/places/city?near=here')
    expect(status).toBe(400)
    expect(json.data.issues[0]).toMatchObject({ path: 'near', message: expect.stringContaining('纬度,经度') })
  })
})

describe('GET /api/stations?limit=&near=', () => {
  it('lists the first places nearest the point, with the counts of the whole city', async () => {
    const PINGYAO = { lat: 37.2, lng: 112.18 }
    const { json } = await get(`/api/stations?limit=20&near=${PINGYAO.lat},${PINGYAO.lng}`)
    const brute = (await all()).map(p => ({ id: p.id, distance: distanceMeters(PINGYAO, p.location) })).sort((a, b) => a.distance - b.distance)
    expect(json.places.map((p: Place) => p.id)).toEqual(brute.slice(0, 20).map(p => p.id))
    expect(json.matching).toBe(brute.length)
    expect(json.places[0].id).toMatch(/^pingyao-/)
  })
})

describe('GET /api/places/search', () => {
  it('finds places by name, address and pinyin initials, one page of 20 with the total', async () => {
    const everything = await all()
    const byName = everything.filter(p => p.name.includes('平遥'))
    const { status, json } = await get(`/api/places/search?q=${encodeURIComponent('平遥')}`)
    expect(status).toBe(200)
    expect(json.total).toBeGreaterThanOrEqual(byName.length)
    expect(json.places.map((p: Place) => p.id)).toEqual(expect.arrayContaining(byName.slice(0, 20).map(p => p.id)))
    expect(json.places[0].districtName).toBe(everything.find(p => p.id === json.places[0].id)!.districtName)
    const initials = (await get('/api/places/search?q=py')).json
    expect(initials.places.map((p: Place) => p.id)).toEqual(expect.arrayContaining(byName.slice(0, 20).map(p => p.id)))
    const all20 = (await get('/api/places/search?q=%E7%AB%99')).json
    const second = (await get('/api/places/search?q=%E7%AB%99&page=2')).json
    expect(all20.pageSize).toBe(20)
    expect(second.total).toBe(all20.total)
    expect(second.places.length).toBe(Math.max(0, Math.min(20, all20.total - 20)))
  })

  it('leaves out the city the phone already has, and refuses an empty search in Chinese', async () => {
    expect((await get(`/api/places/search?q=${encodeURIComponent('平遥')}&notCity=140700`)).json.total).toBe(0)
    const { status, json } = await get('/api/places/search?q=')
    expect(status).toBe(400)
    expect(json.data.issues[0].message).toBe('请输入要搜索的词')
  })
})
