import { describe, expect, it } from 'vitest'
import { distanceMeters, formatDistance, formatMinutes, sortByDistance, travelMinutes } from '../../shared/utils/geo'

describe('distanceMeters', () => {
  it.each([
    ['the same point', { lat: 37.688, lng: 112.7526 }, { lat: 37.688, lng: 112.7526 }, 0, 0.001],
    ['one degree of latitude', { lat: 37, lng: 112 }, { lat: 38, lng: 112 }, 111_195, 100],
    ['one degree of longitude at 37.5°N', { lat: 37.5, lng: 112 }, { lat: 37.5, lng: 113 }, 88_220, 150],
    ['榆次 to 平遥 (about 75 km)', { lat: 37.688, lng: 112.7526 }, { lat: 37.1896, lng: 112.1763 }, 75_234, 50],
  ])('measures %s', (_name, a, b, expected, tolerance) => {
    expect(Math.abs(distanceMeters(a, b) - expected)).toBeLessThanOrEqual(tolerance)
  })

  it('is symmetric', () => {
    const a = { lat: 37.7, lng: 112.7 }
    const b = { lat: 37.1, lng: 111.9 }
    expect(distanceMeters(a, b)).toBeCloseTo(distanceMeters(b, a), 6)
  })
})

describe('travel times and labels', () => {
  it.each([
    [0, 'walk', 1],
    [750, 'walk', 13],
    [750, 'ride', 4],
    [10_000, 'ride', 52],
  ] as const)('%i m by %s takes %i min', (meters, mode, minutes) => {
    expect(travelMinutes(meters, mode)).toBe(minutes)
  })

  it.each([
    [3, 'zh-CN', '10 米'],
    [847, 'zh-CN', '850 米'],
    [1000, 'zh-CN', '1.0 公里'],
    [2345, 'zh-CN', '2.3 公里'],
    [34_600, 'zh-CN', '35 公里'],
    [3, 'en', '10 m'],
    [847, 'en', '850 m'],
    [1000, 'en', '1.0 km'],
    [2345, 'en', '2.3 km'],
    [34_600, 'en', '35 km'],
  ] as const)('formats %i m in %s as %s', (meters, locale, label) => {
    expect(formatDistance(meters, locale)).toBe(label)
  })

  it('speaks Chinese when no language is given', () => {
    expect(formatDistance(847)).toBe('850 米')
    expect(formatMinutes(65)).toBe('1 小时 5 分钟')
  })

  it.each([
    [5, 'zh-CN', '5 分钟'],
    [60, 'zh-CN', '1 小时'],
    [65, 'zh-CN', '1 小时 5 分钟'],
    [5, 'en', '5 min'],
    [60, 'en', '1 h'],
    [65, 'en', '1 h 5 min'],
  ] as const)('formats %i minutes in %s as %s', (minutes, locale, label) => {
    expect(formatMinutes(minutes, locale)).toBe(label)
  })
})

describe('sortByDistance', () => {
  it('puts the nearest first and reports each distance', () => {
    const origin = { lat: 37.7, lng: 112.75 }
    const items = [
      { id: 'far', location: { lat: 37.2, lng: 112.2 } },
      { id: 'near', location: { lat: 37.701, lng: 112.75 } },
      { id: 'mid', location: { lat: 37.75, lng: 112.75 } },
    ]
    const sorted = sortByDistance(items, origin)
    expect(sorted.map(i => i.id)).toEqual(['near', 'mid', 'far'])
    expect(sorted[0]!.distance).toBeGreaterThan(100)
    expect(sorted[0]!.distance).toBeLessThan(120)
  })
})
