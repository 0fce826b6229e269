import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { inOrder, type Ordered } from '../../server/staff/station-order'
import { wordOrder } from '../../shared/utils/filters'

// The staff list's orders through ranked names against sorting with the collator, as the list did.

const chinese = new Intl.Collator('zh-CN')
const byName = (a: Ordered, b: Ordered) => chinese.compare(a.name, b.name) || a.id.localeCompare(b.id)
const expected = {
  name: byName,
  district: (a: Ordered, b: Ordered) => chinese.compare(a.districtName, b.districtName) || byName(a, b),
  lastVerified: (a: Ordered, b: Ordered) => (a.lastVerified ?? '').localeCompare(b.lastVerified ?? '') || byName(a, b),
} as const

// Names that share words and characters, differ only in case or width, or are the same.
const name = fc.tuple(fc.constantFrom('榆次', '太谷', '阿', '啊', 'A', 'a', 'Ａ', 'zhan', ''), fc.constantFrom('驿站', '爱心驿站', 'Station', '站', '1号', '12号', '2号', ''))
  .map(([a, b]) => `${a}${b}` || '站')
const stations = fc.uniqueArray(fc.record({
  id: fc.stringMatching(/^[a-z0-9-]{1,8}$/),
  name,
  districtName: fc.constantFrom('榆次区', '太谷区', '灵石县', '和顺县', '迎泽区'),
  lastVerified: fc.option(fc.constantFrom('2025-01-02', '2025-11-30', '2026-06-01'), { nil: undefined }),
}), { selector: station => station.id, maxLength: 80 })

describe('the staff list\'s orders', () => {
  it('are the collator\'s, whichever names were ranked beforehand (none, some, all, others)', () => {
    fc.assert(fc.property(stations, fc.array(name, { maxLength: 20 }), fc.constantFrom('name', 'district', 'lastVerified') as fc.Arbitrary<keyof typeof expected>, fc.nat({ max: 80 }), (list, others, sort, ranked) => {
      const names = wordOrder([...list.slice(0, ranked).map(station => station.name), ...others])
      expect(inOrder(list, sort, names).map(station => station.id)).toEqual([...list].sort(expected[sort]).map(station => station.id))
    }), { seed: 20_261_202, numRuns: 500 })
  })
})
