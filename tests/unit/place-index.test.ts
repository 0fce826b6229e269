import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildPlaceIndex, nearest, viewport, type Box } from '../../server/spatial/place-index'
import { distanceMeters } from '../../shared/utils/geo'

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
