import { describe, expect, it } from 'vitest'
import { fromGcj02, toCrs, toGcj02, toWgs84 } from '../../shared/utils/coords'
import { distanceMeters } from '../../shared/utils/geo'

// The public WGS-84 -> GCJ-02 formula (Krasovsky ellipsoid), written out here as an independent
// reference so the test does not just compare gcoord with itself.
function referenceGcj02(lat: number, lng: number) {
  const a = 6378245.0
  const ee = 0.006693421622965943
  const x = lng - 105
  const y = lat - 35
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  dLat += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3
  dLat += (20 * Math.sin(y * Math.PI) + 40 * Math.sin(y / 3 * Math.PI)) * 2 / 3
  dLat += (160 * Math.sin(y / 12 * Math.PI) + 320 * Math.sin(y * Math.PI / 30)) * 2 / 3
  let dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  dLng += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3
  dLng += (20 * Math.sin(x * Math.PI) + 40 * Math.sin(x / 3 * Math.PI)) * 2 / 3
  dLng += (150 * Math.sin(x / 12 * Math.PI) + 300 * Math.sin(x / 30 * Math.PI)) * 2 / 3
  const radLat = lat / 180 * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - ee * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  dLat = (dLat * 180) / ((a * (1 - ee)) / (magic * sqrtMagic) * Math.PI)
  dLng = (dLng * 180) / (a / sqrtMagic * Math.cos(radLat) * Math.PI)
  return { lat: lat + dLat, lng: lng + dLng }
}

describe('WGS-84 to GCJ-02', () => {
  it('pins 晋中市人民政府 (37.6880, 112.7526) to its GCJ-02 value within 3 m', () => {
    const pinned = { lat: 37.688681, lng: 112.759092 }
    expect(distanceMeters(toGcj02({ lat: 37.688, lng: 112.7526 }), pinned)).toBeLessThan(3)
  })

  it.each([
    ['榆次', 37.688, 112.7526],
    ['平遥', 37.1896, 112.1763],
    ['灵石', 36.8475, 111.7706],
    ['昔阳', 37.61, 113.71],
    ['北京天安门', 39.90923, 116.397428],
  ])('agrees with the reference formula at %s within 1 m', (_name, lat, lng) => {
    expect(distanceMeters(toGcj02({ lat, lng }), referenceGcj02(lat, lng))).toBeLessThan(1)
  })

  it('shifts points around 晋中 by 550-610 m, mostly east', () => {
    for (const point of [{ lat: 37.688, lng: 112.7526 }, { lat: 36.8475, lng: 111.7706 }, { lat: 37.89, lng: 113.18 }]) {
      const shifted = toGcj02(point)
      expect(distanceMeters(point, shifted)).toBeGreaterThan(550)
      expect(distanceMeters(point, shifted)).toBeLessThan(610)
      expect(shifted.lng - point.lng).toBeGreaterThan(Math.abs(shifted.lat - point.lat))
    }
  })

  it('round-trips through GCJ-02 back to WGS-84 within 1 m', () => {
    const point = { lat: 37.7, lng: 112.73 }
    expect(distanceMeters(fromGcj02(toGcj02(point)), point)).toBeLessThan(1)
  })

  it('leaves points alone for WGS-84 tiles and shifts them for GCJ-02 tiles', () => {
    const point = { lat: 37.7, lng: 112.73 }
    expect(toCrs(point, 'wgs84')).toEqual(point)
    expect(distanceMeters(toCrs(point, 'gcj02'), point)).toBeGreaterThan(500)
  })
})

describe('points typed by staff', () => {
  // 晋中市人民政府 as 百度地图's coordinate picker shows it (BD-09), and as 高德 shows it (GCJ-02).
  const wgs = { lat: 37.6880, lng: 112.7526 }

  it('reads BD-09 back to WGS-84 within 5 m', () => {
    // BD-09 from GCJ-02 by the public formula, independent of gcoord.
    const gcj = toGcj02(wgs)
    const x = gcj.lng
    const y = gcj.lat
    const z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * Math.PI * 3000 / 180)
    const theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * Math.PI * 3000 / 180)
    const bd = { lat: z * Math.sin(theta) + 0.006, lng: z * Math.cos(theta) + 0.0065 }
    expect(distanceMeters(bd, wgs)).toBeGreaterThan(1000)
    expect(distanceMeters(toWgs84(bd, 'bd09'), wgs)).toBeLessThan(5)
  })

  it('reads GCJ-02 back to WGS-84, and leaves WGS-84 as typed', () => {
    expect(distanceMeters(toWgs84(toGcj02(wgs), 'gcj02'), wgs)).toBeLessThan(1)
    expect(toWgs84(wgs, 'wgs84')).toEqual(wgs)
  })
})
