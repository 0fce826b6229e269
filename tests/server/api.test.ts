import { resolve } from 'node:path'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import { describe, expect, inject, it } from 'vitest'
import { readPlaceFiles } from '../../modules/validate-places/place-files'
import type { Place, PlacesResponse } from '../../shared/types/place'
import { sortForList } from '../../shared/utils/filters'

const root = resolve(import.meta.dirname, '../..')
const files = readPlaceFiles(resolve(root, 'content'), root).places

await setup({ host: inject('baseURL') })

describe('GET /api/stations', () => {
  it('returns every place in the content folders, with its file name as id', async () => {
    const { places } = await $fetch<PlacesResponse>('/api/stations')
    expect(places.map(p => p.id).sort()).toEqual(files.map(f => f.id).sort())
    for (const { id, data } of files) {
      const place = places.find(p => p.id === id)!
      expect(place.name).toBe(data.name)
      expect(place.location).toEqual(data.location)
      expect(place.sample).toBe(data.sample)
    }
  })

  it('sends the places in the list\'s order, so phones only filter them', async () => {
    const { places } = await $fetch<PlacesResponse>('/api/stations')
    expect(places.map(p => p.id)).toEqual(sortForList(places).map(p => p.id))
    expect(places[0]!.kind).toBe('rest-station')
    expect(new Set(places.map(p => p.kind)).size).toBeGreaterThan(1)
  })

  it('adds a schedule that covers the coming days and pinyin initials for search', async () => {
    const { places, generatedAt } = await $fetch<PlacesResponse>('/api/stations')
    const now = Date.parse(generatedAt)
    for (const place of places) {
      expect(place.schedule.validUntil).toBeGreaterThan(now + 6 * 86_400_000)
      expect(place.initials).toMatch(/^[a-z0-9]*$/)
    }
    const twentyFour = places.filter(p => p.hours === '24/7')
    expect(twentyFour.length).toBeGreaterThan(0)
    expect(twentyFour.every(p => p.schedule.alwaysOpen)).toBe(true)
  })

  it('lets caches keep the answer only if they ask again each time', async () => {
    const response = await fetch('/api/stations')
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(response.headers.get('cache-control')).toBe('public, no-cache')
  })
})

describe('GET /api/stations/:id', () => {
  it('returns one place', async () => {
    const { id, data } = files[0]!
    const place = await $fetch<Place>(`/api/stations/${id}`)
    expect(place.id).toBe(id)
    expect(place.name).toBe(data.name)
  })

  it.each([
    'no-such-station',
    'UPPER',
    '%3Cscript%3E',
    'a'.repeat(300),
    '..%2F..%2Fetc%2Fpasswd',
  ])('answers 404 with a JSON error code for %s', async (id) => {
    const response = await fetch(`/api/stations/${id}`)
    expect(response.status).toBe(404)
    const body = await response.json()
    expect(body.data.code).toBe('STATION_NOT_FOUND')
  })
})
