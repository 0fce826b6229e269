import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { synthLines } from '../../scripts/lib/place-synth'
import { county } from '../../server/regions/divisions'
import { frequentWords } from '../../server/search/frequent-words'
import { buildSearchIndex, searchPlaces } from '../../server/search/place-search'
import { nameInitials } from '../../server/utils/stations/initials'
import { matchesSearch, searchFields, type SearchablePlace } from '../../shared/utils/filters'

// The search index against asking every place (issue 10): its signatures may only rule out places
// matchesSearch refuses, and it asks the others as matchesSearch does, so a search finds the same
// places in the same order. The words many places hold are kept with exactly the places that hold them.

interface Item extends SearchablePlace {
  id: number
}

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202)
// Few characters, so that random words often match: Chinese, ASCII in both cases, digits, and letters
// whose lowercase is another character or two (Σ at a word's end, İ, fullwidth Ａ).
const char = fc.constantFrom(...'榆次区顺城街爱心驿站路号市县合成·环卫所aAbBzZ09 ΣσİＡａ')
const text = fc.array(char, { maxLength: 14 }).map(chars => chars.join(''))
const initials = fc.array(fc.constantFrom(...'abcjlsxyz'), { maxLength: 9 }).map(letters => letters.join(''))
const items = fc.array(fc.record({ name: text, address: text, district: fc.constantFrom('140702', '140729'), districtName: fc.option(fc.constantFrom('榆次区', '灵石县', 'ΣΑΣ'), { nil: undefined }), initials }), { maxLength: 120 })
  .map(list => list.map((item, id): Item => ({ ...item, id })))
/** A search: random words, or pieces of the items' own texts in another case, with any spaces between. */
const search = (list: Item[]) => fc.oneof(
  text,
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.nat({ max: 5 }), fc.boolean()), { minLength: 1, maxLength: 3 }).map(pieces => pieces.map(([n, field, length, upper]) => {
    const item = list[n % Math.max(1, list.length)]
    const source = item ? [item.name, item.address, item.districtName ?? item.district, item.initials, item.district][field]! : ''
    const start = n % Math.max(1, source.length)
    const piece = source.slice(start, start + length + 1)
    return upper ? piece.toUpperCase() : piece
  }).join(' \u3000\t'.slice(0, 1 + (pieces.length % 3)))),
)

// How many places a word must hold to be kept exactly: the default (none of 120 places), or so few
// that most words of a random list are.
const minPlaces = fc.option(fc.integer({ min: 2, max: 8 }), { nil: undefined })

/** Whether `item` holds `word`, as matchesSearch asks it of one word already lowercased. */
const holds = (item: Item, word: string) => searchFields(item).join(' ').toLowerCase().includes(word) || item.initials.includes(word)
/** Every run of characters of `text`, by UTF-16 unit as `includes` reads it. */
const runsOf = (text: string) => Array.from({ length: text.length }, (_, start) => Array.from({ length: text.length - start }, (_, n) => text.slice(start, start + n + 1))).flat()

describe('searchPlaces', () => {
  it('finds what asking every place finds, in the list\'s order', () => {
    fc.assert(fc.property(items.chain(list => fc.tuple(fc.constant(list), search(list), fc.boolean(), minPlaces)), ([list, q, even, min]) => {
      const keep = (item: Item) => !even || item.id % 2 === 0
      const asked: Item[] = []
      const found = searchPlaces(buildSearchIndex(list, undefined, min), q, item => (asked.push(item), keep(item)))
      expect(found.map(item => item.id)).toEqual(list.filter(item => keep(item) && matchesSearch(item, q)).map(item => item.id))
      // The other filters are asked only of the places the search found.
      expect(asked.map(item => item.id)).toEqual(list.filter(item => matchesSearch(item, q)).map(item => item.id))
    }), { seed: SEED, numRuns: 2000 })
  })

  it('keeps the signatures of places that read the same, and makes new ones when a text changed', () => {
    const list: Item[] = [
      { id: 0, name: '顺城街爱心驿站', address: '顺城街 12 号', district: '140702', districtName: '榆次区', initials: 'scjaxyz' },
      { id: 1, name: '灵石县环卫所驿站', address: '翠峰路 3 号', district: '140729', districtName: '灵石县', initials: 'lsxhwsyz' },
    ]
    const index = buildSearchIndex(list)
    // A confirmation: new objects, the same texts.
    const confirmed = list.map(item => ({ ...item }))
    expect(buildSearchIndex(confirmed, index).rows).toBe(index.rows)
    expect(buildSearchIndex(confirmed, index).exact).toBe(index.exact)
    // Staff renamed the first place.
    const renamed = [{ ...list[0]!, name: '榆次区老城驿站', initials: 'ycqlcyz' }, list[1]!]
    const again = buildSearchIndex(renamed, index)
    expect(again.rows).not.toBe(index.rows)
    for (const q of ['老城', 'lcyz', '顺城', 'scj', '驿站']) {
      expect(searchPlaces(again, q, () => true), q).toEqual(renamed.filter(item => matchesSearch(item, q)))
    }
  })

  // 800 searches each checked against asking all 4,000 places (3.2 million checks): about 3 s alone,
  // and more than Vitest's default 5 s in a full run beside the browser tests on a loaded 2-core machine.
  it('finds the same places as asking each one in the national synthetic list', { timeout: 30_000 }, () => {
    const places = [...synthLines({ count: 4000, seed: 3 })].slice(1).map((line, id): Item => {
      const [name, , district, address] = line.split(',') as [string, string, string, string]
      return { id, name, address, district, districtName: county(district)?.name ?? district, initials: nameInitials(name) }
    })
    // Words held by 3% of the places kept exactly, as at the national scale.
    const index = buildSearchIndex(places, undefined, 120)
    expect(index.exact.size).toBeGreaterThan(100)
    const common = ['银行', '加油站', 'jyz', '合成 公园', '驿站 合成路1']
    for (const [n, place] of places.slice(0, 200).entries()) {
      // What a person types: part of a name, the initials of one, a county's name, a kind of place.
      for (const q of [place.name.slice(3, 3 + 2 + (n % 4)), place.initials.slice(0, 2 + (n % 4)), place.districtName!, `${place.districtName} ${place.initials.slice(-4)}`, common[n % common.length]!]) {
        expect(searchPlaces(index, q, () => true), q).toEqual(places.filter(item => matchesSearch(item, q)))
      }
    }
  })
})

describe('frequentWords', () => {
  it('keeps every word at least so many places hold, with exactly the places that hold it', () => {
    fc.assert(fc.property(items, fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 3 }), (list, min, step) => {
      const lowered = list.map(item => searchFields(item).join(' ').toLowerCase())
      const words = frequentWords(list.length, (i, add) => [lowered[i]!, list[i]!.initials].forEach(add), min, step)
      for (const [word, places] of words) {
        const held = list.filter(item => holds(item, word)).map(item => item.id)
        expect(list.filter(item => places[item.id >>> 5]! & (1 << (item.id & 31))).map(item => item.id), word).toEqual(held)
        expect(held.length).toBeGreaterThanOrEqual(min)
      }
      // Every such word, when all places choose them: the runs of characters between spaces.
      if (step > 1) return
      const runs = new Set(list.flatMap((item, i) => [...lowered[i]!.split(/\s+/), item.initials].flatMap(runsOf)))
      expect([...runs].filter(word => list.filter(item => holds(item, word)).length >= min).sort()).toEqual([...words.keys()].sort())
    }), { seed: SEED, numRuns: 300 })
  })
})
