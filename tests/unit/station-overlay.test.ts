import { describe, expect, it } from 'vitest'
import { applyOverride, mergeStations, type OverlayProblem } from '../../server/utils/stations/overlay'
import { StationSchema, type StationInput } from '../../shared/schemas/station'
import type { StationRecord } from '../../shared/types/admin'

const input: StationInput = {
  name: '示例·顺城街爱心驿站',
  kind: 'rest-station',
  district: '榆次区',
  address: '顺城街 12 号（示例地址）',
  location: { lat: 37.69, lng: 112.75, precision: 'approximate' },
  amenities: ['water', 'hot-meals'],
  hours: 'Mo-Su 07:00-21:00',
  phone: '0354-1234567',
  operator: '示例·榆次区总工会',
  audience: ['outdoor-workers'],
  lastVerified: '2026-03-15',
  sample: true,
  source: { name: '示例数据（虚构）' },
}
const station = StationSchema.parse(input)
const record = (id: string, patch: Partial<StationInput> = {}): StationRecord => ({ ...StationSchema.parse({ ...input, ...patch }), id })

describe('applyOverride', () => {
  it.each<[string, Record<string, unknown>, Partial<Record<string, unknown>>]>([
    ['closes a station with a note and a reopening date', { status: 'temporarily-closed', statusNote: '装修', expectedReopen: '2026-12-01' },
      { status: 'temporarily-closed', statusNote: '装修', expectedReopen: '2026-12-01' }],
    ['changes hours and amenities', { hours: '24/7', amenities: ['water'] }, { hours: '24/7', amenities: ['water'] }],
    ['moves a station', { location: { lat: 37.7, lng: 112.76, precision: 'exact' } }, { location: { lat: 37.7, lng: 112.76, precision: 'exact' } }],
    ['removes a field given as null', { phone: null }, { phone: undefined }],
    ['changes any field of the schema', { name: '改名后的驿站', sample: false, district: '太谷区' }, { name: '改名后的驿站', sample: false, district: '140703' }],
    ['ignores keys the schema does not have', { nickname: '改名' }, { name: input.name }],
    ['ignores undefined', { hours: undefined }, { hours: input.hours }],
  ])('%s', (_name, fields, expected) => {
    const merged = applyOverride(station, fields)
    for (const [key, value] of Object.entries(expected)) expect((merged as Record<string, unknown>)[key]).toEqual(value)
  })

  it.each<[string, Record<string, unknown>]>([
    ['invalid opening hours', { hours: 'sometimes' }],
    ['an unknown status', { status: 'gone' }],
    ['a position outside 晋中', { location: { lat: 39.9, lng: 116.4, precision: 'exact' } }],
    ['removing a required field', { hours: null }],
  ])('throws for %s', (_name, fields) => {
    expect(() => applyOverride(station, fields)).toThrow()
  })
})

describe('mergeStations', () => {
  const content = [record('a'), record('b', { name: '示例·第二驿站' })]

  it('serves content records unchanged without overrides or additions', () => {
    expect(mergeStations(content, new Map(), [])).toEqual(content)
  })

  it('lays each override over its own station only', () => {
    const merged = mergeStations(content, new Map([['b', { fields: { status: 'temporarily-closed', statusNote: '装修' } }]]), [])
    expect(merged.map(s => [s.id, s.status, s.statusNote])).toEqual([['a', 'open', undefined], ['b', 'temporarily-closed', '装修']])
  })

  it('appends additions, with their own overrides, after the content records', () => {
    const addition = { ...input, name: '新建路爱心驿站', sample: false }
    const merged = mergeStations(content, new Map([['new', { fields: { hours: '24/7' } }]]), [{ id: 'new', record: addition }])
    expect(merged.map(s => s.id)).toEqual(['a', 'b', 'new'])
    expect(merged[2]).toMatchObject({ id: 'new', name: '新建路爱心驿站', hours: '24/7', sample: false })
  })

  it('lets a content file win over an addition with the same id (a release carried it)', () => {
    const merged = mergeStations(content, new Map(), [{ id: 'a', record: { ...input, name: '旧的新增站点' } }])
    expect(merged.filter(s => s.id === 'a')).toHaveLength(1)
    expect(merged.find(s => s.id === 'a')!.name).toBe(input.name)
  })

  it('serves the content record and reports an override that would make it invalid', () => {
    const problems: OverlayProblem[] = []
    const merged = mergeStations(content, new Map([['a', { fields: { hours: 'not hours' } }]]), [], p => problems.push(p))
    expect(merged[0]).toEqual(content[0])
    expect(problems.map(p => [p.id, p.source])).toEqual([['a', 'override']])
  })

  it('leaves out and reports an invalid addition', () => {
    const problems: OverlayProblem[] = []
    const merged = mergeStations(content, new Map(), [{ id: 'bad', record: { ...input, district: '北京' as never } }], p => problems.push(p))
    expect(merged.map(s => s.id)).toEqual(['a', 'b'])
    expect(problems.map(p => [p.id, p.source])).toEqual([['bad', 'addition']])
  })
})
