import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KIND_KEYS } from '../../shared/utils/vocabulary'
import { sortForList, wordOrder } from '../../shared/utils/filters'

// The list's order at 186,100 places (issue 10): words ranked by the collator once, and a remembered
// order of most names (the imported ones) reused for the rest, give the order the collator gives.

const chinese = new Intl.Collator('zh-CN')
const reference = <T extends { kind: string, district: string, name: string }>(places: T[]) =>
  [...places].sort((a, b) => KIND_KEYS.indexOf(a.kind as never) - KIND_KEYS.indexOf(b.kind as never) || chinese.compare(a.district, b.district) || chinese.compare(a.name, b.name))

const word = fc.string({ unit: fc.constantFrom(...'驿站榆次太谷平遥介休东西南北路街一二三abcAB12 '), minLength: 1, maxLength: 6 })
const place = fc.record({ kind: fc.constantFrom(...KIND_KEYS), district: fc.constantFrom('榆次区', '太谷区', '平遥县', '介休市'), name: word })
// Names that compare equal but differ (case, width) have no order of their own: keep them apart.
const distinct = (places: Array<{ name: string }>) => new Set(places.map(p => p.name)).size === new Set(places.map(p => p.name.toLowerCase())).size

describe('sortForList', () => {
  it('orders as comparing with the collator does', () => {
    fc.assert(fc.property(fc.array(place, { maxLength: 60 }).filter(distinct), (places) => {
      expect(sortForList(places).map(p => p.name)).toEqual(reference(places).map(p => p.name))
    }))
  })

  it('gives the same order with a remembered order of some of the names, and of names it never saw', () => {
    fc.assert(fc.property(fc.array(place, { maxLength: 60 }), fc.array(word, { maxLength: 40 }), (places, remembered) => {
      fc.pre(distinct([...places, ...remembered.map(name => ({ name }))]))
      expect(sortForList(places, wordOrder(remembered)).map(p => `${p.kind}${p.district}${p.name}`))
        .toEqual(reference(places).map(p => `${p.kind}${p.district}${p.name}`))
    }))
  })
})
