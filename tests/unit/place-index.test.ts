import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { kindGroups, placeColumns, placeFilter, type SearchMatches } from '../../server/spatial/place-filter'
import { buildSearchIndex, eachMatch } from '../../server/search/place-search'
import { buildPlaceIndex, nearest, reindex, viewport, type Box, type Cluster } from '../../server/spatial/place-index'
import { computeSchedule } from '../../server/utils/stations/schedule'
import type { Place } from '../../shared/types/place'
import { matchesFilters, type FilterState } from '../../shared/utils/filters'
import { distanceMeters } from '../../shared/utils/geo'
import type { Amenity, Kind, Status } from '../../shared/utils/vocabulary'

// The spatial index against brute force on random datasets (issue 10): the nearest places must be
// the true nearest by great-circle distance, and a view's totals the true count inside its box.

interface Point { id: number, location: { lat: number, lng: number }, even: boolean }

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202)
const lat = fc.double({ min: 18, max: 53, noNaN: true })
const lng = fc.double({ min: 73, max: 135, noNaN: true })
/** Points over China, some clustered in one city and some exactly on top of one another. */
const dataset = fc.tuple(
  fc.array(fc.record({ lat, lng }), { maxLength: 150 }),
  fc.array(fc.record({ lat: fc.double({ min: 37.6, max: 37.8, noNaN: true }), lng: fc.double({ min: 112.6, max: 112.9, noNaN: true }) }), { maxLength: 150 }),
  fc.nat({ max: 5 }),
).map(([spread, city, copies]) => {
  const locations = [...spread, ...city, ...Array.from({ length: copies }, () => city[0] ?? { lat: 37.7, lng: 112.7 })]
  return locations.map((location, id): Point => ({ id, location, even: id % 2 === 0 }))
})

describe('nearest places', () => {
  it('are the true nearest by great-circle distance, nearest first, with or without a filter', () => {
    fc.assert(fc.property(dataset, fc.record({ lat, lng }), fc.integer({ min: 1, max: 50 }), fc.boolean(), (points, point, limit, filtered) => {
      const keep = (p: Point) => !filtered || p.even
      const found = nearest(buildPlaceIndex(points), point, limit, keep)
      const brute = points.filter(keep).map(p => distanceMeters(point, p.location)).sort((a, b) => a - b).slice(0, limit)
      expect(found).toHaveLength(brute.length)
      // Ties may come in any order: the distances must match, and each item is one that passes.
      found.forEach((item, i) => expect(Math.abs(item.distance - brute[i]!)).toBeLessThanOrEqual(1))
      for (const item of found) expect(keep(item)).toBe(true)
      expect(new Set(found.map(item => item.id)).size).toBe(found.length)
    }), { seed: SEED, numRuns: 300 })
  })

  it('answers nothing for an empty dataset', () => {
    expect(nearest(buildPlaceIndex<Point>([]), { lat: 37.7, lng: 112.7 }, 20)).toEqual([])
  })
})

const box = fc.tuple(lat, lat, lng, lng).map(([a, b, c, d]): Box => ({ south: Math.min(a, b), north: Math.max(a, b), west: Math.min(c, d), east: Math.max(c, d) }))
const cityBox: Box = { south: 37.6, north: 37.8, west: 112.6, east: 112.9 }

describe('a map view', () => {
  it('counts exactly the matching places inside the box, each once, in a cluster or alone', () => {
    fc.assert(fc.property(dataset, fc.oneof(box, fc.constant(cityBox)), fc.integer({ min: 3, max: 18 }), fc.boolean(), (points, view, zoom, filtered) => {
      const keep = (p: Point) => !filtered || p.even
      const inside = (p: Point) => p.location.lat >= view.south && p.location.lat <= view.north && p.location.lng >= view.west && p.location.lng <= view.east
      const { total, clusters, items } = viewport(buildPlaceIndex(points), view, zoom, keep)
      const brute = points.filter(p => inside(p) && keep(p))
      expect(total).toBe(brute.length)
      expect(clusters.reduce((sum, c) => sum + c.count, 0) + items.length).toBe(total)
      expect(new Set(items.map(p => p.id)).size).toBe(items.length)
      for (const item of items) expect(inside(item) && keep(item)).toBe(true)
      for (const cluster of clusters) {
        expect(cluster.count).toBeGreaterThanOrEqual(2)
        expect(cluster.lat).toBeGreaterThanOrEqual(view.south - 1e-9)
        expect(cluster.lat).toBeLessThanOrEqual(view.north + 1e-9)
        expect(cluster.lng).toBeGreaterThanOrEqual(view.west - 1e-9)
        expect(cluster.lng).toBeLessThanOrEqual(view.east + 1e-9)
      }
    }), { seed: SEED, numRuns: 300 })
  })

  it('shows every place alone from street zoom on, and clusters a city at country zoom', () => {
    const points: Point[] = Array.from({ length: 100 }, (_, id) => ({ id, location: { lat: 37.6 + (id % 10) * 0.02, lng: 112.6 + Math.floor(id / 10) * 0.03 }, even: true }))
    const index = buildPlaceIndex(points)
    expect(viewport(index, cityBox, 16)).toMatchObject({ total: 100, clusters: [] })
    const far = viewport(index, { south: 18, north: 53, west: 73, east: 135 }, 4)
    expect(far.items).toEqual([])
    expect(far.clusters).toEqual([expect.objectContaining({ count: 100 })])
  })
})

describe('viewport without a filter', () => {
  it('gives what summing the places in the box gives, from cells summed once', () => {
    // Boxes over the country, and boxes whose edges cut through the city's crowded cells.
    const cityLat = fc.double({ min: 37.55, max: 37.85, noNaN: true })
    const cityLng = fc.double({ min: 112.55, max: 112.95, noNaN: true })
    const box = fc.oneof(fc.record({ south: lat, north: lat, west: lng, east: lng }), fc.record({ south: cityLat, north: cityLat, west: cityLng, east: cityLng }))
    fc.assert(fc.property(dataset, box, fc.integer({ min: 0, max: 12 }), (points, raw, zoom) => {
      const view: Box = { south: Math.min(raw.south, raw.north), north: Math.max(raw.south, raw.north), west: Math.min(raw.west, raw.east), east: Math.max(raw.west, raw.east) }
      const index = buildPlaceIndex(points)
      const summed = viewport(index, view, zoom, () => true)
      // Twice: the first builds the zoom's cells, the second reads them.
      for (const fromCells of [viewport(index, view, zoom), viewport(index, view, zoom)]) {
        expect(fromCells.total).toBe(summed.total)
        expect(new Set(fromCells.items.map(p => p.id))).toEqual(new Set(summed.items.map(p => p.id)))
        const key = (c: { count: number, bounds: Box }) => `${c.count} ${c.bounds.west} ${c.bounds.south} ${c.bounds.east} ${c.bounds.north}`
        expect(fromCells.clusters.map(key).sort()).toEqual(summed.clusters.map(key).sort())
        const centre = new Map(summed.clusters.map(c => [key(c), c]))
        for (const cluster of fromCells.clusters) {
          expect(cluster.lat).toBeCloseTo(centre.get(key(cluster))!.lat, 9)
          expect(cluster.lng).toBeCloseTo(centre.get(key(cluster))!.lng, 9)
        }
      }
    }), { seed: SEED, numRuns: 150 })
  })

  it('gives what filtering place by place gives, from one kind\'s cells or several kinds\' added together', () => {
    const kinds = ['a', 'b', 'c'] as const
    const chosen = fc.subarray([...kinds], { minLength: 1 })
    const box = fc.record({ south: lat, north: lat, west: lng, east: lng })
    fc.assert(fc.property(dataset, box, fc.integer({ min: 0, max: 10 }), chosen, (points, raw, zoom, values) => {
      const view: Box = { south: Math.min(raw.south, raw.north), north: Math.max(raw.south, raw.north), west: Math.min(raw.west, raw.east), east: Math.max(raw.west, raw.east) }
      const index = buildPlaceIndex(points.map(point => ({ ...point, kind: kinds[point.id % 3]! })))
      const summed = viewport(index, view, zoom, point => values.includes(point.kind))
      const key = (c: { count: number, bounds: Box }) => `${c.count} ${c.bounds.west} ${c.bounds.south} ${c.bounds.east} ${c.bounds.north}`
      for (const fromCells of [viewport(index, view, zoom, undefined, 16, { of: point => point.kind, values }), viewport(index, view, zoom, undefined, 16, { of: point => point.kind, values })]) {
        expect(fromCells.total).toBe(summed.total)
        expect(new Set(fromCells.items.map(p => p.id))).toEqual(new Set(summed.items.map(p => p.id)))
        expect(fromCells.clusters.map(key).sort()).toEqual(summed.clusters.map(key).sort())
      }
      // The grid's own cells are left as they were: an unfiltered view still counts every place.
      expect(viewport(index, view, zoom).total).toBe(viewport(index, view, zoom, () => true).total)
    }), { seed: SEED, numRuns: 150 })
  })
})

// What a view must be, worked out the plain way: the matching points inside the box grouped by their
// 64 px Web Mercator cell at the zoom, a cell of one giving that point and of more a cluster.
const mercatorY = (lat: number) => {
  const sin = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180)
  return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)
}
function bruteView<P extends { location: { lat: number, lng: number } }>(points: readonly P[], view: Box, zoom: number, keep: (p: P) => boolean) {
  const scale = 2 ** (zoom + 2)
  const cells = new Map<string, P[]>()
  for (const p of points) {
    const { lat, lng } = p.location
    if (lat < view.south || lat > view.north || lng < view.west || lng > view.east || !keep(p)) continue
    const key = `${Math.floor(((lng + 180) / 360) * scale)} ${Math.floor(mercatorY(lat) * scale)}`
    cells.set(key, [...cells.get(key) ?? [], p])
  }
  const groups = [...cells.values()]
  return {
    total: groups.reduce((sum, group) => sum + group.length, 0),
    items: groups.filter(group => group.length === 1).map(([p]) => p!),
    clusters: groups.filter(group => group.length > 1).map(group => ({
      count: group.length,
      lat: group.reduce((sum, p) => sum + p.location.lat, 0) / group.length,
      lng: group.reduce((sum, p) => sum + p.location.lng, 0) / group.length,
      bounds: {
        west: Math.min(...group.map(p => p.location.lng)), south: Math.min(...group.map(p => p.location.lat)),
        east: Math.max(...group.map(p => p.location.lng)), north: Math.max(...group.map(p => p.location.lat)),
      },
    })),
  }
}

/** The same items alone, the same clusters (count and box exactly, centre to rounding). */
function expectSameView<P>(found: { total: number, clusters: Cluster[], items: P[] }, brute: { total: number, clusters: Cluster[], items: P[] }) {
  expect(found.total).toBe(brute.total)
  expect(new Set(found.items)).toEqual(new Set(brute.items))
  expect(found.items).toHaveLength(brute.items.length)
  const key = (c: Cluster) => `${c.count} ${c.bounds.west} ${c.bounds.south} ${c.bounds.east} ${c.bounds.north}`
  expect(found.clusters.map(key).sort()).toEqual(brute.clusters.map(key).sort())
  const centre = new Map(brute.clusters.map(c => [key(c), c]))
  for (const cluster of found.clusters) {
    expect(cluster.lat).toBeCloseTo(centre.get(key(cluster))!.lat, 9)
    expect(cluster.lng).toBeCloseTo(centre.get(key(cluster))!.lng, 9)
  }
}

const cityLat = fc.double({ min: 37.55, max: 37.85, noNaN: true })
const cityLng = fc.double({ min: 112.55, max: 112.95, noNaN: true })
/** Boxes over the country, and boxes whose edges cut through the city's crowded cells. */
const anyBox = fc.oneof(fc.record({ south: lat, north: lat, west: lng, east: lng }), fc.record({ south: cityLat, north: cityLat, west: cityLng, east: cityLng }))
  .map((raw): Box => ({ south: Math.min(raw.south, raw.north), north: Math.max(raw.south, raw.north), west: Math.min(raw.west, raw.east), east: Math.max(raw.west, raw.east) }))

describe('a map view against grouping by cell the plain way', () => {
  it('is the same at every zoom, unfiltered or filtered item by item', () => {
    fc.assert(fc.property(dataset, anyBox, fc.integer({ min: 0, max: 15 }), fc.boolean(), (points, view, zoom, filtered) => {
      const index = buildPlaceIndex(points)
      const keep = (p: Point) => !filtered || p.even
      expectSameView(filtered ? viewport(index, view, zoom, keep) : viewport(index, view, zoom), bruteView(points, view, zoom, keep))
    }), { seed: SEED, numRuns: 300 })
  })
})

// Places whose every field the map's filters read is drawn from a few values, so that filters match some.
const MONDAY_9 = new Date('2026-11-30T09:00:00+08:00')
const HOURS = ['24/7', 'Mo-Fr 08:00-18:00', 'Mo-Su 07:00-21:00', 'Sa-Su 10:00-16:00', 'Mo-Fr 08:00-12:00 unknown']
// One Schedule object per opening_hours value, shared by its places, as the server makes them.
const SCHEDULES = new Map(HOURS.map(hours => [hours, computeSchedule(hours, MONDAY_9)]))
const DISTRICTS: Record<string, string> = { 140702: '榆次区', 140729: '灵石县', 140105: '小店区' }
const NAMES: Record<string, string> = { 榆次: 'yc', 灵石: 'ls', Ab: 'ab' }
const where = fc.oneof(fc.record({ lat, lng }), fc.record({ lat: cityLat, lng: cityLng }), fc.constant({ lat: 37.7, lng: 112.7 }))
const placeSet = fc.array(fc.record({
  location: where,
  kind: fc.constantFrom<Kind>('rest-station', 'nursing-room', 'jobs'),
  district: fc.constantFrom(...Object.keys(DISTRICTS)),
  amenities: fc.subarray<Amenity>(['water', 'toilet', 'wifi', 'hot-meals']),
  status: fc.constantFrom<Status>('open', 'open', 'temporarily-closed', 'closed'),
  hours: fc.constantFrom(...HOURS),
  name: fc.tuple(fc.constantFrom(...Object.keys(NAMES)), fc.constantFrom('驿站', '小屋', 'Station')),
  street: fc.constantFrom('顺城街 12 号', '新建路', 'Main Rd'),
}), { maxLength: 250 }).map(drawn => drawn.map(({ location, kind, district, amenities, status, hours, name: [town, what], street }, n): Place => ({
  id: `p${n}`, name: `${town}${what}`, kind, district, districtName: DISTRICTS[district]!, address: street,
  location: { ...location, precision: 'exact' }, amenities, hours, operator: '总工会', audience: ['outdoor-workers'], status, sample: true,
  source: { name: 'test' }, initials: `${NAMES[town]}${what === 'Station' ? '' : 'yz'}`, schedule: SCHEDULES.get(hours)!,
})))
// Kinds, amenities and districts no place has among them; searches in either case, blank, narrowing as one types.
const filterState = fc.record<FilterState>({
  q: fc.constantFrom('', '  ', '榆', '榆次', '榆次 驿站', 'y', 'yc', 'YC', 'ab station', 'Station', '灵石县', '县', '12', 'zz'),
  kinds: fc.subarray<Kind>(['rest-station', 'nursing-room', 'jobs', 'sports']),
  amenities: fc.subarray<Amenity>(['water', 'toilet', 'wifi', 'hot-meals', 'nursing'], { maxLength: 2 }),
  districts: fc.subarray([...Object.keys(DISTRICTS), '999999']),
  openNow: fc.boolean(),
})
// Instants in the schedules' window (open, closed, the unknown mornings) and one after it (all unknown).
const instant = fc.constantFrom(MONDAY_9, new Date('2026-11-30T07:00:00+08:00'), new Date('2026-12-05T11:00:00+08:00'), new Date('2026-12-01T23:30:00+08:00'), new Date('2026-12-20T09:00:00+08:00'))

/** The search index's answer by ids of `index`, as the server asks it (server/utils/stations/place-index.ts). */
function matchesOf(places: readonly Place[], index: { order: Uint32Array }): SearchMatches {
  const searchIndex = buildSearchIndex(places)
  return (words, visit) => eachMatch(searchIndex, words, i => visit(index.order[i]!))
}

describe('placeFilter', () => {
  it('answers as matchesFilters for every place, filter after filter on one index', () => {
    fc.assert(fc.property(placeSet, fc.array(fc.tuple(filterState, instant), { minLength: 1, maxLength: 12 }), (places, asked) => {
      const index = buildPlaceIndex(places)
      const columns = placeColumns(places, index.order)
      const matches = matchesOf(places, index)
      for (const [state, now] of asked) {
        const { keep } = placeFilter(columns, state, now, matches)
        index.items.forEach((place, id) => expect(keep(place, id), `${place.name} ${JSON.stringify(state)}`).toBe(matchesFilters(place, state, now)))
      }
    }), { seed: SEED, numRuns: 200 })
  })
})

describe('a far-out view filtered by amenity, district, open now, search or several', () => {
  it('counts and groups what filtering every place with matchesFilters gives, view after view', () => {
    // Several views per filter and zoom, at other places and times, so that cells kept from one serve the next only when they may.
    const views = fc.array(fc.tuple(anyBox, instant), { minLength: 1, maxLength: 5 })
    fc.assert(fc.property(placeSet, fc.array(fc.tuple(filterState, fc.integer({ min: 0, max: 10 }), views), { minLength: 1, maxLength: 4 }), (places, asked) => {
      const index = buildPlaceIndex(places)
      const columns = placeColumns(places, index.order)
      const matches = matchesOf(places, index)
      for (const [state, zoom, seen] of asked) {
        for (const [view, now] of seen) {
          expectSameView(viewport(index, view, zoom, placeFilter(columns, state, now, matches)), bruteView(places, view, zoom, place => matchesFilters(place, state, now)))
          // Kinds alone, as the map asks them: from each kind's cells.
          if (state.kinds.length) expectSameView(viewport(index, view, zoom, undefined, 16, kindGroups(columns, state.kinds)), bruteView(places, view, zoom, place => state.kinds.includes(place.kind)))
        }
      }
    }), { seed: SEED, numRuns: 200 })
  })
})

describe('the cells kept for named filters', () => {
  it('are those of the 16 filters and zooms used last, no more', () => {
    const index = buildPlaceIndex(Array.from({ length: 100 }, (_, id): Point => ({ id, location: { lat: 20 + id * 0.3, lng: 80 + id * 0.5 }, even: id % 2 === 0 })))
    for (let n = 0; n < 40; n++) viewport(index, { south: 18, north: 53, west: 73, east: 135 }, n % 7, { name: `f${n}`, keep: p => p.id % 40 !== n })
    expect([...index.filtered.keys()]).toEqual(Array.from({ length: 16 }, (_, i) => `${(24 + i) % 7}:f${24 + i}`))
  })
})

describe('an index made again from the last one', () => {
  it('answers as one built anew, with the new objects, when only objects alike changed; and is refused when one moved', () => {
    fc.assert(fc.property(dataset, fc.array(fc.nat(), { maxLength: 20 }), fc.array(fc.tuple(anyBox, fc.integer({ min: 0, max: 14 })), { minLength: 1, maxLength: 4 }), (points, replaced, views) => {
      const before = buildPlaceIndex(points)
      // Views first, so cells kept from before are asked again after.
      for (const [view, zoom] of views) viewport(before, view, zoom)
      const changed = new Set(replaced.filter(i => i < points.length))
      const after = points.map((p, i) => (changed.has(i) ? { ...p, location: { ...p.location } } : p))
      const made = reindex(before, points, after, (a, b) => a.id === b.id)!
      expect(made).toBeDefined()
      const anew = buildPlaceIndex(after)
      for (const [view, zoom] of views) {
        const [kept, built] = [viewport(made, view, zoom), viewport(anew, view, zoom)]
        expectSameView(kept, built)
        // The same objects, not only the same ids: the new ones.
        expect(new Set(kept.items)).toEqual(new Set(built.items))
      }
      expect(new Set(made.items)).toEqual(new Set(after))
      if (points.length) {
        const moved = after.map((p, i) => (i === 0 ? { ...p, location: { lat: p.location.lat + 1e-6, lng: p.location.lng } } : p))
        expect(reindex(before, points, moved, () => true)).toBeUndefined()
        expect(reindex(before, points, after.map(p => ({ ...p })), () => false)).toBeUndefined()
      }
    }), { seed: SEED, numRuns: 200 })
  })
})
