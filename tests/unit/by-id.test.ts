import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findById, idTable } from '../../server/search/by-id'
import { orderById } from '../../server/search/name-order'
import { wordOrder } from '../../shared/utils/filters'

// The server's stations and places by id, and the imported names' order (issue 10): what Maps of
// them give, through id tables.

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203)
// Few characters, so that ids repeat and share hash slots: ASCII, Chinese, a surrogate pair.
const id = fc.array(fc.constantFrom(...'ab-1榆😀'), { maxLength: 6 }).map(chars => chars.join(''))

describe('idTable', () => {
  it('finds what a Map of the items by id finds, and nothing for other ids', () => {
    fc.assert(fc.property(fc.array(id, { maxLength: 300 }), fc.array(id, { maxLength: 20 }), (ids, asked) => {
      const items = ids.map((value, position) => ({ id: value, position }))
      const table = idTable(items)
      const byMap = new Map(items.map(item => [item.id, item]))
      for (const value of [...ids, ...asked]) expect(findById(table, items, value)).toBe(byMap.get(value))
    }), { seed: SEED, numRuns: 500 })
  })

  it('finds the new objects of a list with the same ids in the same places', () => {
    const items = Array.from({ length: 5000 }, (_, n) => ({ id: `p-${n.toString(16)}`, confirmed: false }))
    const table = idTable(items)
    const confirmed = items.map(item => (item.id === 'p-4d2' ? { ...item, confirmed: true } : item))
    expect(findById(table, confirmed, 'p-4d2')).toBe(confirmed[0x4D2])
    expect(findById(table, confirmed, 'p-4d2')!.confirmed).toBe(true)
    expect(findById(table, confirmed, 'p-1388')).toBeUndefined()
    // At most half its slots used: 5,000 ids in 16,384 slots.
    expect(table.length).toBe(16_384)
  })

  it('finds nothing in an empty list', () => {
    expect(findById(idTable([]), [], 'p-1')).toBeUndefined()
  })
})

describe('orderById', () => {
  const name = fc.string({ unit: fc.constantFrom(...'驿站榆次太谷东西路12'), minLength: 1, maxLength: 5 })
  const place = fc.record({ id: fc.constantFrom(...'abcdefghij'), name })
  const unique = <T extends { id: string }>(list: T[]) => [...new Map(list.map(item => [item.id, item])).values()]

  it('ranks as the order of the names does: kept names by id, renamed and other places by name', () => {
    fc.assert(fc.property(fc.array(place, { maxLength: 10 }).map(unique), fc.array(fc.record({ id: fc.constantFrom(...'abcxyz'), name }), { maxLength: 12 }), (imported, asked) => {
      const byName = wordOrder(imported.map(item => item.name))
      const byId = orderById(imported, idTable(imported))
      for (const item of [...imported, ...asked]) expect(byId.rank(item.name, item.id), `${item.id} ${item.name}`).toBe(byName.rank(item.name))
      for (const item of asked) expect(byId.rank(item.name)).toBe(byName.rank(item.name))
    }), { seed: SEED, numRuns: 1000 })
  })
})
