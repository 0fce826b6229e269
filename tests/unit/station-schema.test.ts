import { describe, expect, it } from 'vitest'
import { StationSchema, type StationInput } from '../../shared/schemas/station'

const valid: StationInput = {
  name: '示例·顺城街爱心驿站',
  kind: 'rest-station',
  district: '榆次区',
  address: '顺城街 12 号（示例地址）',
  location: { lat: 37.69, lng: 112.75, precision: 'approximate' },
  amenities: ['water', 'hot-meals'],
  hours: 'Mo-Su 07:00-21:00',
  operator: '示例·榆次区总工会',
  audience: ['outdoor-workers'],
  lastVerified: '2026-03-15',
  sample: true,
  source: { name: '示例数据（虚构）' },
}

const paths = (input: unknown) => {
  const result = StationSchema.safeParse(input)
  return result.success ? [] : result.error.issues.map(i => i.path.join('.'))
}

describe('StationSchema', () => {
  it('accepts a complete record and fills defaults', () => {
    const parsed = StationSchema.parse({ ...valid, amenities: undefined, location: { lat: 37.69, lng: 112.75 } })
    expect(parsed.amenities).toEqual([])
    expect(parsed.status).toBe('open')
    expect(parsed.location.precision).toBe('exact')
  })

  it.each([
    ['24/7 hours', { hours: '24/7' }],
    ['split hours with a holiday rule', { hours: 'Mo-Fr 08:00-12:00,14:30-18:00; PH off' }],
    ['a phone with area code', { phone: '0354-1234567' }],
    ['a temporarily closed status', { status: 'temporarily-closed', statusNote: '装修' }],
    ['a source URL', { source: { name: '晋中日报', url: 'https://example.org/a' } }],
  ])('accepts %s', (_name, patch) => {
    expect(paths({ ...valid, ...patch })).toEqual([])
  })

  it.each([
    ['a point in Beijing', { location: { lat: 39.9, lng: 116.4 } }, ['location.lat', 'location.lng']],
    ['swapped lat/lng', { location: { lat: 112.75, lng: 37.69 } }, ['location.lat', 'location.lng']],
    ['an unknown kind', { kind: 'casino' }, ['kind']],
    ['a district outside 晋中', { district: '小店区' }, ['district']],
    ['an unknown amenity', { amenities: ['water', 'sauna'] }, ['amenities.1']],
    ['a repeated amenity', { amenities: ['water', 'water'] }, ['amenities']],
    ['hours in prose', { hours: '每天 8 点到 18 点' }, ['hours']],
    ['an empty audience', { audience: [] }, ['audience']],
    ['a date in another format', { lastVerified: '15/03/2026' }, ['lastVerified']],
    ['an impossible date', { lastVerified: '2026-02-30' }, ['lastVerified']],
    ['a phone with letters', { phone: 'call me' }, ['phone']],
    ['sample missing', { sample: undefined }, ['sample']],
    ['a string for sample', { sample: 'yes' }, ['sample']],
    ['an unknown field', { rating: 5 }, ['']],
    ['a one-letter name', { name: '驿' }, ['name']],
    ['a javascript: source link', { source: { name: '晋中日报', url: 'javascript:alert(1)' } }, ['source.url']],
    ['a data: source link', { source: { name: '晋中日报', url: 'data:text/html,<b>x</b>' } }, ['source.url']],
  ])('rejects %s, naming the field', (_name, patch, expected) => {
    expect(paths({ ...valid, ...patch })).toEqual(expected)
  })
})
