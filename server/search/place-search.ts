import { fieldsHold, searchFields, searchWords, type SearchablePlace } from '../../shared/utils/filters'

// Search over every place without reading each one (issue 10): at 186,100 places, asking each place
// (matchesSearch: its text lowercased, then `includes`) took 250–400 ms a search.
// Each place gets a signature of 256 bits, hashed from the characters and pairs of characters of its
// search text, and the letters, pairs and triples of its pinyin initials (kept apart from the text's).
// A word can be in a place's text only if the place has the bits of the word's characters and pairs,
// and in its initials only if it has the bits of the word's letters, pairs and triples. The signatures
// are stored by bit ("bit-sliced"): for each of the 256 bits, one bit per place, so a word's places
// are found by AND-ing a few rows of 186,100 bits (23 KB each) instead of reading 186,100 signatures.
// The places found are then asked as matchesSearch would, without lowercasing a text that has no capitals.
// Tested against matchesSearch on random places (tests/unit/place-search.test.ts).

/** Bits of signature per place: 6 MB at 186,100 places. */
const BITS = 256
/** A feature's hash keeps its top log2(BITS) bits. */
const SHIFT = 32 - Math.log2(BITS)

/** The places in their order, their signatures by bit, and the lowercased text of those whose text has capitals. */
export interface SearchIndex<T> {
  items: readonly T[]
  /** Row `b` (from `b * stride`): bit `i` is whether place `i` has signature bit `b`. */
  rows: Uint32Array
  stride: number
  lowered: ReadonlyMap<number, string>
}

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
 * places with the same texts.
 */
export function buildSearchIndex<T extends SearchablePlace>(items: readonly T[], previous?: SearchIndex<T>): SearchIndex<T> {
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
  return { items, rows, stride, lowered }
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
 * without a list of its fields: this is asked of every place the signatures let through (18,700 for a
 * word a tenth of the national list holds, and as many more that only share its bits).
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
 * Calls `visit` with the position of each item, in order, that holds every word of `words`
 * (matchesSearch: in its lowercased name, address and district, or in its initials); only the items
 * that have every bit of each word's characters or initials are asked.
 */
export function eachMatch<T extends SearchablePlace>(index: SearchIndex<T>, words: readonly string[], visit: (i: number) => void) {
  const { items, stride } = index
  // Every place to begin with (none past the last: they would have no item).
  const may = new Uint32Array(stride).fill(~0)
  if (items.length % 32) may[stride - 1] = 2 ** (items.length % 32) - 1
  for (const word of words) {
    const inText = having(index, bitsOf(word, textBits))
    const inInitials = having(index, bitsOf(word, initialsBits))
    for (let j = 0; j < stride; j++) may[j]! &= inText[j]! | inInitials[j]!
  }
  for (let j = 0; j < stride; j++) {
    for (let left = may[j]!; left !== 0; left &= left - 1) {
      const i = j * 32 + 31 - Math.clz32(left & -left)
      if (matches(index, i, words)) visit(i)
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
