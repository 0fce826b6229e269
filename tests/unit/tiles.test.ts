import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { badgeSpot, CLUSTER_CELL_PX, TILE_SIZE, tilesAround, tileUrl, worldPixel } from '../../shared/utils/tiles'

describe('worldPixel', () => {
  it.each([
    [{ lat: 0, lng: 0 }, 0, { x: 128, y: 128 }],
    [{ lat: 0, lng: -180 }, 1, { x: 0, y: 256 }],
    [{ lat: 85.0511287798, lng: 180 }, 2, { x: 1024, y: 0 }],
  ])('puts %o at zoom %d on %o', (point, zoom, expected) => {
    const p = worldPixel(point, zoom)
    expect(p.x).toBeCloseTo(expected.x, 6)
    expect(p.y).toBeCloseTo(expected.y, 6)
  })

  // Checked against the slippy-map formula as the OpenStreetMap wiki writes it (tan and sec, not sin).
  it.each([[37.688, 112.7526, 13], [36.8475, 111.7706, 15], [-33.86, 151.21, 10]])('agrees with the OSM wiki formula at %d, %d, zoom %d', (lat, lng, zoom) => {
    const n = 2 ** zoom
    const rad = (lat * Math.PI) / 180
    const wiki = [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)]
    const p = worldPixel({ lat, lng }, zoom)
    expect([Math.floor(p.x / TILE_SIZE), Math.floor(p.y / TILE_SIZE)]).toEqual(wiki)
  })
})

describe('tilesAround', () => {
  it('covers the view around the centre, each tile placed from the centre', () => {
    const center = { lat: 37.688, lng: 112.7526 }
    const tiles = tilesAround(center, 13, 200)
    const c = worldPixel(center, 13)
    expect(tiles.length).toBeGreaterThanOrEqual(4)
    expect(tiles.length).toBeLessThanOrEqual(9)
    for (const tile of tiles) {
      expect(tile.left).toBe(Math.round(tile.x * TILE_SIZE - c.x))
      expect(tile.top).toBe(Math.round(tile.y * TILE_SIZE - c.y))
      // Each tile reaches into the square of 200 px around the centre.
      expect(tile.left).toBeLessThan(200)
      expect(tile.left + TILE_SIZE).toBeGreaterThan(-200)
    }
    // The centre itself is on exactly one tile.
    expect(tiles.filter(t => t.left <= 0 && t.left + TILE_SIZE > 0 && t.top <= 0 && t.top + TILE_SIZE > 0)).toHaveLength(1)
  })
})

describe('tileUrl', () => {
  it('fills the template, picking the subdomain as Leaflet does ((x + y) mod n)', () => {
    expect(tileUrl('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { x: 6757, y: 3112, z: 13 })).toBe('https://tile.openstreetmap.org/13/6757/3112.png')
    expect(tileUrl('https://t{s}.tianditu.gov.cn/x?l={z}&c={x}&r={y}', { x: 3, y: 4, z: 5 }, '01234567')).toBe('https://t7.tianditu.gov.cn/x?l=5&c=3&r=4')
    expect(tileUrl('https://{s}.example/{z}/{x}/{y}', { x: 1, y: 1, z: 2 }, 'abc')).toBe('https://c.example/2/1/1')
    expect(tileUrl('https://a.example/{z}/{x}/{y}{r}.png', { x: 1, y: 2, z: 3 })).toBe('https://a.example/3/1/2.png')
  })
})

describe('a cluster\'s badge', () => {
  const at = fc.record({ x: fc.double({ min: 0, max: 4096, noNaN: true }), y: fc.double({ min: 0, max: 4096, noNaN: true }) })
  const size = fc.constantFrom(40, 48, 56)
  const cell = ({ x, y }: { x: number, y: number }) => `${Math.floor(x / CLUSTER_CELL_PX)}:${Math.floor(y / CLUSTER_CELL_PX)}`

  it('stays in its cell, and never overlaps the badge of another cell', () => {
    fc.assert(fc.property(at, size, at, size, (a, sizeA, b, sizeB) => {
      const [spotA, spotB] = [badgeSpot(a, sizeA), badgeSpot(b, sizeB)]
      expect(cell(spotA)).toBe(cell(a))
      if (cell(a) === cell(b)) return
      const apart = (sizeA + sizeB) / 2
      expect(Math.abs(spotA.x - spotB.x) >= apart - 1e-9 || Math.abs(spotA.y - spotB.y) >= apart - 1e-9).toBe(true)
    }), { seed: 20_261_202, numRuns: 2000 })
    // Two places a pixel apart across a cell's edge: their badges are moved apart.
    const [left, right] = [badgeSpot({ x: 127.5, y: 100 }, 56), badgeSpot({ x: 128.5, y: 100 }, 56)]
    expect(right.x - left.x).toBeGreaterThanOrEqual(56)
  })

  it('is where its places are when they lie away from the cell\'s edges', () => {
    expect(badgeSpot({ x: 96, y: 97 }, 56)).toEqual({ x: 96, y: 97 })
    expect(badgeSpot({ x: 70, y: 120 }, 40)).toEqual({ x: 84, y: 108 })
  })
})
