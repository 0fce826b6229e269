import { fieldsHold, searchFields, searchWords, type SearchablePlace } from '../../shared/utils/filters'
import { frequentWords, spaceTable, type TextsOf } from './frequent-words'

// Search over every place without reading each one (issue 10): at 186,100 places, asking each place
// (matchesSearch: its text lowercased, then `includes`) took 250–400 ms a search.
// Each place gets a signature of 256 bits, hashed from the characters and pairs of characters of its
// search text, and the letters, pairs and triples of its pinyin initials (kept apart from the text's).
// A word can be in a place's text only if the place has the bits of the word's characters and pairs,
// and in its initials only if it has the bits of the word's letters, pairs and triples. The signatures
// are stored by bit ("bit-sliced"): for each of the 256 bits, one bit per place, so a word's places
// are found by AND-ing a few rows of 186,100 bits (23 KB each) instead of reading 186,100 signatures.
// The places found are then asked as matchesSearch would, without lowercasing a text that has no capitals.
// A word many places hold (3% or more) would let too many through to ask (a tenth of the national list:
// 18–29 ms a search); its places are kept exactly instead, one bitmap a word (server/search/frequent-words.ts).
// Tested against matchesSearch on random places (tests/unit/place-search.test.ts).

/** Bits of signature per place: 6 MB at 186,100 places. */
const BITS = 256
/** A feature's hash keeps its top log2(BITS) bits. */
const SHIFT = 32 - Math.log2(BITS)

/**
 * The places in their order, their signatures by bit, the lowercased text of those whose text has
 * capitals, and the exact places of the words many places hold.
 */
export interface SearchIndex<T> {
  items: readonly T[]
  /** Row `b` (from `b * stride`): bit `i` is whether place `i` has signature bit `b`. */
  rows: Uint32Array
  stride: number
  lowered: ReadonlyMap<number, string>
  /** For each word many places hold (buildSearchIndex's `minPlaces`), bit `i` of its `stride` words: whether place `i` holds it. */
  exact: ReadonlyMap<string, Uint32Array>
  /** The places that hold each other character (unitPlaces). */
  units: UnitPlaces
}

/**
 * For each UTF-16 unit that no bitmap keeps, the places (positions, in order) whose text or initials
 * hold it: from `places[starts[c]]` to `places[starts[c + 1]]`. A word of one character has one
 * signature bit, which a third of the places have: asking them took 32 ms a search at 186,100 places.
 * The characters fewer than 3% of the places hold are a few of each place's: 0.6 of the 6.9 million
 * pairs of place and character of the synthetic list's names and addresses; 2.5 MB kept in all.
 */
export interface UnitPlaces {
  starts: Int32Array
  places: Int32Array
}

/**
 * How many places must hold a word for the index to keep its places exactly: 3% of them (of the
 * 186,100 synthetic places, 1,139 words in 447 bitmaps of 23 KB, 9.9 MB; with 5%, 6.5 MB, but words 4%
 * hold took 5–11 ms), and at least 1,000: checking as many takes about half a millisecond.
 */
export const exactFrom = (places: number) => Math.max(1000, Math.ceil(places * 0.03))

// Each feature (a character, a pair, a triple; of a text or of initials, kept apart) names one bit.
const TEXT_PAIR = 0x2C1B3C6D
const INITIAL = 0x297A2D39
const INITIAL_PAIR = 0x5BD1E995
const INITIAL_TRIPLE = 0x68E31DA4
const bitOf = (feature: number) => Math.imul(feature, 0x9E3779B1) >>> SHIFT

function textBits(text: string, add: (bit: number) => void) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    add(bitOf(c))
    if (i > 0) add(bitOf(((text.charCodeAt(i - 1) << 16) | c) ^ TEXT_PAIR))
  }
}

// Initials are a few letters out of 26, in every place: single letters tell little, pairs and triples more.
function initialsBits(initials: string, add: (bit: number) => void) {
  for (let i = 0; i < initials.length; i++) {
    const c = initials.charCodeAt(i)
    add(bitOf(c ^ INITIAL))
    if (i > 0) add(bitOf(((initials.charCodeAt(i - 1) << 16) | c) ^ INITIAL_PAIR))
    if (i > 1) add(bitOf(Math.imul((initials.charCodeAt(i - 2) << 16) | initials.charCodeAt(i - 1), 31) ^ c ^ INITIAL_TRIPLE))
  }
}

/** Whether two places read the same to a search. */
const sameText = (a: SearchablePlace, b: SearchablePlace) => a.name === b.name && a.address === b.address && a.district === b.district
  && a.districtName === b.districtName && a.initials === b.initials

/**
 * The search index of `items`. With `previous` (the index of an earlier list), its signatures are
 * kept when every place reads the same in the same order: a confirmation or a new day makes new
 * places with the same texts. Words held by at least `minPlaces` places are kept exactly.
 */
export function buildSearchIndex<T extends SearchablePlace>(items: readonly T[], previous?: SearchIndex<T>, minPlaces = exactFrom(items.length)): SearchIndex<T> {
  if (previous && previous.items.length === items.length && items.every((item, i) => item === previous.items[i] || sameText(item, previous.items[i]!))) {
    return { ...previous, items }
  }
  const stride = Math.ceil(items.length / 32)
  const rows = new Uint32Array(BITS * stride)
  const lowered = new Map<number, string>()
  let word = 0
  let mask = 0
  const add = (bit: number) => {
    rows[bit * stride + word]! |= mask
  }
  for (const [i, item] of items.entries()) {
    word = i >>> 5
    mask = 1 << (i & 31)
    const raw = searchFields(item).join(' ')
    const text = raw.toLowerCase()
    textBits(text, add)
    initialsBits(item.initials, add)
    if (text !== raw) lowered.set(i, text)
  }
  // The same texts again, read as they are asked (matches): fields without capitals as they are.
  const textsOf: TextsOf = (i, add) => {
    const text = lowered.get(i)
    if (text === undefined) for (const field of searchFields(items[i]!)) add(field)
    else add(text)
    add(items[i]!.initials)
  }
  const exact = frequentWords(items.length, textsOf, minPlaces)
  return { items, rows, stride, lowered, exact, units: unitPlaces(items.length, textsOf, exact) }
}

/** Calls `visit` once for each UTF-16 unit each place's texts hold, place by place. */
function eachUnit(count: number, textsOf: TextsOf, visit: (c: number, i: number) => void) {
  const last = new Int32Array(0x10000).fill(-1)
  for (let i = 0; i < count; i++) {
    textsOf(i, (text) => {
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k)
        if (last[c] === i) continue
        last[c] = i
        visit(c, i)
      }
    })
  }
}

/** The places of each UTF-16 unit that is neither a word of `exact` nor a space (never in a search word): UnitPlaces. */
function unitPlaces(count: number, textsOf: TextsOf, exact: ReadonlyMap<string, unknown>): UnitPlaces {
  // Counted first (unit c's count in starts[c + 1]), then written from where each unit's places start.
  const starts = new Int32Array(0x10000 + 1)
  eachUnit(count, textsOf, (c) => {
    starts[c + 1]!++
  })
  const space = spaceTable()
  for (let c = 0; c < 0x10000; c++) {
    if (starts[c + 1] && (space[c] || exact.has(String.fromCharCode(c)))) starts[c + 1] = 0
  }
  for (let c = 0; c < 0x10000; c++) starts[c + 1]! += starts[c]!
  const places = new Int32Array(starts[0x10000]!)
  const next = starts.slice(0, 0x10000)
  eachUnit(count, textsOf, (c, i) => {
    if (next[c]! < starts[c + 1]!) places[next[c]!++] = i
  })
  return { starts, places }
}

/** The places that hold the one UTF-16 unit `c`, as a bitmap of `stride` words (`exact`'s). */
function placesOfUnit({ units: { starts, places }, stride }: SearchIndex<unknown>, c: number): Uint32Array {
  const found = new Uint32Array(stride)
  for (let k = starts[c]!; k < starts[c + 1]!; k++) found[places[k]! >>> 5]! |= 1 << (places[k]! & 31)
  return found
}

/** The places that have every bit of `bits`: the AND of their rows. */
function having(index: SearchIndex<unknown>, bits: ReadonlySet<number>): Uint32Array {
  const { rows, stride } = index
  const [first, ...others] = bits
  const found = rows.slice(first! * stride, (first! + 1) * stride)
  for (const bit of others) {
    for (let j = 0, at = bit * stride; j < stride; j++) found[j]! &= rows[at + j]!
  }
  return found
}

function bitsOf(word: string, features: typeof textBits): Set<number> {
  const bits = new Set<number>()
  features(word, bit => bits.add(bit))
  return bits
}

/**
 * Whether place `i` has every word, in its text or its initials (matchesSearch). A word never holds
 * a space, so a text without capitals is asked field by field, without joining or lowercasing it, and
 * without a list of its fields: this is asked of every place the signatures and bitmaps let through.
 */
function matches<T extends SearchablePlace>(index: SearchIndex<T>, i: number, words: readonly string[]): boolean {
  const place = index.items[i]!
  const text = index.lowered.get(i)
  for (const word of words) {
    if (place.initials.includes(word)) continue
    if (text === undefined ? !fieldsHold(place, word) : !text.includes(word)) return false
  }
  return true
}

/**
 * The exact places of the longest frequent parts of a word that is not frequent itself: a place that
 * holds the word holds each of them, so they rule out places its signature bits let through.
 */
function frequentParts(index: SearchIndex<unknown>, word: string): Set<Uint32Array> {
  const parts = new Set<Uint32Array>()
  let reached = 0
  for (let start = 0; start < word.length; start++) {
    // Every start of a frequent word is frequent (frequent-words.ts): the first that is not ends the longest.
    let end = start
    while (end < word.length && index.exact.has(word.slice(start, end + 1))) end++
    if (end > start && end > reached) {
      parts.add(index.exact.get(word.slice(start, end))!)
      reached = end
    }
  }
  return parts
}

function keepOnly(may: Uint32Array, places: Uint32Array) {
  for (let j = 0; j < may.length; j++) may[j]! &= places[j]!
}

/**
 * Calls `visit` with the position of each item, in order, that holds every word of `words`
 * (matchesSearch: in its lowercased name, address and district, or in its initials). A word many
 * places hold, or of one character, takes its places exactly; for the others, only the items that have
 * every bit of each word's characters or initials and that hold its frequent parts are asked.
 */
export function eachMatch<T extends SearchablePlace>(index: SearchIndex<T>, words: readonly string[], visit: (i: number) => void) {
  const { items, stride } = index
  // Every place to begin with (none past the last: they would have no item).
  const may = new Uint32Array(stride).fill(~0)
  if (items.length % 32) may[stride - 1] = 2 ** (items.length % 32) - 1
  const asked: string[] = []
  for (const word of words) {
    const exact = index.exact.get(word) ?? (word.length === 1 ? placesOfUnit(index, word.charCodeAt(0)) : undefined)
    if (exact) {
      keepOnly(may, exact)
      continue
    }
    asked.push(word)
    const inText = having(index, bitsOf(word, textBits))
    const inInitials = having(index, bitsOf(word, initialsBits))
    for (let j = 0; j < stride; j++) may[j]! &= inText[j]! | inInitials[j]!
    for (const places of frequentParts(index, word)) keepOnly(may, places)
  }
  for (let j = 0; j < stride; j++) {
    for (let left = may[j]!; left !== 0; left &= left - 1) {
      const i = j * 32 + 31 - Math.clz32(left & -left)
      if (!asked.length || matches(index, i, asked)) visit(i)
    }
  }
}

/** The items, in order, that hold every word of `q` (eachMatch) and that `keep` keeps; `keep` is asked only of those. */
export function searchPlaces<T extends SearchablePlace>(index: SearchIndex<T>, q: string, keep: (item: T) => boolean): T[] {
  const found: T[] = []
  eachMatch(index, searchWords(q), (i) => {
    if (keep(index.items[i]!)) found.push(index.items[i]!)
  })
  return found
}
