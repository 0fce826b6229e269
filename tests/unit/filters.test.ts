import { describe, expect, it } from 'vitest'
import { EMPTY_FILTERS, matchesFilters, matchesSearch, parseFilterQuery, toFilterQuery, type FilterState } from '../../shared/utils/filters'
import { computeSchedule } from '../../server/utils/stations/schedule'
import type { Place } from '../../shared/types/place'

const NOW = new Date('2026-11-30T09:00:00+08:00') // Monday morning

function place(overrides: Partial<Place>): Place {
  const hours = overrides.hours ?? '24/7'
  return {
    id: 'p', name: '示例·顺城街爱心驿站', kind: 'rest-station', district: '140702', districtName: '榆次区', address: '顺城街 12 号',
    location: { lat: 37.69, lng: 112.75, precision: 'exact' }, amenities: ['water', 'toilet'], hours,
    operator: '示例·榆次区总工会', audience: ['outdoor-workers'], status: 'open', sample: true,
    source: { name: '示例数据' }, initials: 'scjaxyz', schedule: computeSchedule(hours, NOW), ...overrides,
  }
}

const filters = (f: Partial<FilterState>): FilterState => ({ ...EMPTY_FILTERS, ...f })

describe('parseFilterQuery', () => {
  it.each([
    ['an empty query', {}, EMPTY_FILTERS],
    ['repeated keys', { kind: ['rest-station', 'sports'], amenity: 'water' }, filters({ kinds: ['rest-station', 'sports'], amenities: ['water'] })],
    ['comma lists', { amenity: 'water,toilet' }, filters({ amenities: ['water', 'toilet'] })],
    ['unknown values, dropped', { kind: 'casino', amenity: ['water', '<script>'], district: '北京' }, filters({ amenities: ['water'] })],
    ['open=1', { open: '1' }, filters({ openNow: true })],
    ['open=0', { open: '0' }, EMPTY_FILTERS],
    ['a district by code', { district: '140729' }, filters({ districts: ['140729'] })],
    ['a district by name (links shared before codes)', { district: '灵石县' }, filters({ districts: ['140729'] })],
    ['a district outside the region, dropped', { district: ['140105', '小店区'] }, EMPTY_FILTERS],
    ['a search word, trimmed', { q: '  顺城街 ' }, filters({ q: '顺城街' })],
    ['null values', { kind: null, q: [null] }, EMPTY_FILTERS],
  ])('reads %s', (_name, query, expected) => {
    expect(parseFilterQuery(query)).toEqual(expected)
  })

  it('caps the search text at 50 characters', () => {
    expect(parseFilterQuery({ q: '驿'.repeat(80) }).q).toHaveLength(50)
  })
})

describe('toFilterQuery', () => {
  it('leaves empty filters out', () => {
    expect(toFilterQuery(EMPTY_FILTERS)).toEqual({})
  })

  it('round-trips through parseFilterQuery', () => {
    const state = filters({ q: '驿站', kinds: ['nursing-room'], amenities: ['water', 'wifi'], districts: ['140781'], openNow: true })
    expect(parseFilterQuery(toFilterQuery(state))).toEqual(state)
  })
})

describe('matchesFilters', () => {
  const water = place({ id: 'water', amenities: ['water'] })
  const both = place({ id: 'both', amenities: ['water', 'hot-meals'] })
  const nursing = place({ id: 'nursing', kind: 'nursing-room', amenities: ['nursing'] })
  const officeHours = place({ id: 'office', hours: 'Mo-Fr 14:00-18:00' })
  const paused = place({ id: 'paused', status: 'temporarily-closed' })
  const lingshi = place({ id: 'lingshi', district: '140729', districtName: '灵石县' })
  const all = [water, both, nursing, officeHours, paused, lingshi]

  it.each([
    ['no filters', filters({}), ['water', 'both', 'nursing', 'office', 'paused', 'lingshi']],
    ['amenities combine with AND', filters({ amenities: ['water', 'hot-meals'] }), ['both']],
    ['kinds combine with OR', filters({ kinds: ['nursing-room', 'rest-station'] }), ['water', 'both', 'nursing', 'office', 'paused', 'lingshi']],
    ['kind AND amenity', filters({ kinds: ['nursing-room'], amenities: ['water'] }), []],
    ['open now drops closed and paused places', filters({ openNow: true }), ['water', 'both', 'nursing', 'lingshi']],
    ['district', filters({ districts: ['140729'] }), ['lingshi']],
  ])('%s', (_name, state, ids) => {
    expect(all.filter(p => matchesFilters(p, state, NOW)).map(p => p.id)).toEqual(ids)
  })
})

describe('matchesSearch', () => {
  const p = place({ name: '示例·顺城街爱心驿站', address: '顺城街 12 号', district: '140702', districtName: '榆次区', initials: 'scjaxyz' })
  it.each([
    ['顺城', true],
    ['榆次', true],
    ['12 号', true],
    ['scj', true],
    ['axyz', true],
    ['SCJ', true],
    ['顺城 驿站', true],
    ['顺城 灵石', false],
    ['太谷', false],
    ['', true],
  ])('"%s" -> %s', (q, expected) => {
    expect(matchesSearch(p, q)).toBe(expected)
  })
})
