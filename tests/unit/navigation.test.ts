import { describe, expect, it } from 'vitest'
import { navigationLinks } from '../../shared/utils/navigation'
import { toGcj02 } from '../../shared/utils/coords'

const to = { lat: 37.688, lng: 112.7526, name: '示例·顺城街爱心驿站' }
const links = Object.fromEntries(navigationLinks(to, 'yizhanditu').map(l => [l.app, new URL(l.href)]))
const gcj = toGcj02(to)

describe('navigation hand-off links', () => {
  it('sends 高德 GCJ-02 coordinates, longitude first, riding', () => {
    const [lng, lat, name] = links.amap!.searchParams.get('to')!.split(',')
    expect(links.amap!.origin).toBe('https://uri.amap.com')
    expect(Number(lng)).toBeCloseTo(gcj.lng, 5)
    expect(Number(lat)).toBeCloseTo(gcj.lat, 5)
    expect(name).toBe(to.name)
    expect(links.amap!.searchParams.get('mode')).toBe('ride')
  })

  it('sends 百度 WGS-84 coordinates, latitude first, with coord_type=wgs84', () => {
    expect(links.baidu!.searchParams.get('coord_type')).toBe('wgs84')
    expect(links.baidu!.searchParams.get('destination')).toBe(`latlng:37.688,112.7526|name:${to.name}`)
  })

  it('sends 腾讯 GCJ-02 coordinates, latitude first', () => {
    const [lat, lng] = links.tencent!.searchParams.get('tocoord')!.split(',').map(Number)
    expect(lat).toBeCloseTo(gcj.lat, 5)
    expect(lng).toBeCloseTo(gcj.lng, 5)
  })

  it('sends Apple Maps WGS-84 coordinates', () => {
    expect(links.apple!.searchParams.get('daddr')).toBe('37.688,112.7526')
  })
})
