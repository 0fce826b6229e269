import type { Place } from '../types/place'
import { openStateAt } from './open-state'
import { AMENITY_KEYS, KIND_KEYS, type Amenity, type District, type Kind } from './vocabulary'
import { REGION_CODE_PATTERN, activeRegion } from './region'

/** How many places the list shows at first, and how many more each "more" adds. */
export const LIST_PAGE_SIZE = 20
const LIST_MAX = 1000

/**
 * The list's length from the URL (`?limit=40`, which "more" sets): a whole number of pages, 20 by
 * default; 0 asks for the counts only.
 */
export function listLimit(value: unknown): number {
  const n = Number(Array.isArray(value) ? value[0] : value)
  if (n === 0 && value !== '' && value !== null) return 0
  if (!Number.isFinite(n) || n < LIST_PAGE_SIZE) return LIST_PAGE_SIZE
  return Math.min(LIST_MAX, Math.ceil(n / LIST_PAGE_SIZE) * LIST_PAGE_SIZE)
}

const kindOrder = (place: Pick<Place, 'kind'>) => KIND_KEYS.indexOf(place.kind)
// One collator for every comparison: localeCompare with a locale builds one per call, slow on a phone.
const chinese = new Intl.Collator('zh-CN')

type Named = { districtName?: string }
const districtWord = (place: Pick<Place, 'district'> & Named) => place.districtName ?? place.district

/**
 * Words in the collator's order, remembered: the rank of a word of the set is a lookup, of any other
 * word a binary search (a fraction between two ranks). A server keeps one over the 186,100 names of
 * the imported places, so re-sorting after a staff edit does not compare every name again (issue 10).
 */
export interface WordOrder {
  /** The rank of `word`; `id`, when given, is the place it names (an order may know places by id). */
  rank(word: string, id?: string): number
}

/** The distinct `words` in the collator's order. */
export function sortWords(words: Iterable<string>): string[] {
  return [...new Set(words)].sort(chinese.compare)
}

/** The rank of `word` among `sorted` (sortWords), by binary search: its place, or between two ranks if it is not there. */
export function rankBetween(sorted: readonly string[], word: string): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (chinese.compare(sorted[mid]!, word) < 0) low = mid + 1
    else high = mid
  }
  // Before the first word of the set it is not below (after equal ones: a stable order for ties).
  for (; low < sorted.length && chinese.compare(sorted[low]!, word) === 0; low++) if (sorted[low] === word) return low
  return low - 0.5
}

/** The collator's order of `words`, for sortForList. */
export function wordOrder(words: Iterable<string>): WordOrder {
  const sorted = sortWords(words)
  const ranks = new Map(sorted.map((word, i) => [word, i]))
  return { rank: word => ranks.get(word) ?? rankBetween(sorted, word) }
}

/**
 * The list's order without a position: kind (rest stations first), then district (by name), then
 * name. `names` may rank most names already (each word is ranked by the collator once, then places
 * are sorted by numbers: comparing with the collator inside the sort took seconds at 186,100 places).
 */
export function sortForList<T extends Pick<Place, 'kind' | 'district' | 'name'> & Named & { id?: string }>(places: readonly T[], names?: WordOrder): T[] {
  const districts = wordOrder(places.map(districtWord))
  const nameOrder = names ?? wordOrder(places.map(place => place.name))
  const keyed = places.map(place => ({ place, kind: kindOrder(place), district: districts.rank(districtWord(place)), name: nameOrder.rank(place.name, place.id) }))
  // Names outside `names` that fall between the same two of its words share a rank: the collator decides those.
  return keyed.sort((a, b) => a.kind - b.kind || a.district - b.district || a.name - b.name || chinese.compare(a.place.name, b.place.name))
    .map(({ place }) => place)
}

/** What a person chose to see. Lives in the Pinia store and in the URL query. */
export interface FilterState {
  q: string
  kinds: Kind[]
  amenities: Amenity[]
  districts: District[]
  openNow: boolean
}

export const EMPTY_FILTERS: Readonly<FilterState> = Object.freeze({ q: '', kinds: [], amenities: [], districts: [], openNow: false })

type QueryValue = string | null | undefined | Array<string | null>
type Query = Record<string, QueryValue>

function values(value: QueryValue): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.flatMap(v => (typeof v === 'string' ? v.split(',') : [])).map(v => v.trim()).filter(Boolean)
}

function pick<T extends string>(value: QueryValue, allowed: readonly T[]): T[] {
  const chosen = new Set(values(value))
  return allowed.filter(key => chosen.has(key))
}

/**
 * District codes from a query: on the server, codes and names (links shared before districts were
 * codes) of the region's counties; in the browser, any six-digit code. Anything else is dropped.
 */
function districtCodes(value: QueryValue): District[] {
  const { resolveDistrict } = activeRegion()
  const codes = values(value).map(text => (resolveDistrict ? resolveDistrict(text).code : REGION_CODE_PATTERN.test(text) ? text : undefined))
  return [...new Set(codes.filter((code): code is string => !!code))]
}

/** Reads filters from a URL query (`?kind=a&kind=b` or `?kind=a,b`); unknown values are ignored. */
export function parseFilterQuery(query: Query): FilterState {
  const q = values(query.q).join(' ').slice(0, 50)
  const open = values(query.open)[0]
  return {
    q,
    kinds: pick(query.kind, KIND_KEYS),
    amenities: pick(query.amenity, AMENITY_KEYS),
    districts: districtCodes(query.district),
    openNow: open === '1' || open === 'true',
  }
}

/** The URL query for a filter state; empty filters are left out so a plain map has a plain URL. */
export function toFilterQuery(state: FilterState): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  if (state.q.trim()) query.q = state.q.trim()
  if (state.kinds.length) query.kind = [...state.kinds]
  if (state.amenities.length) query.amenity = [...state.amenities]
  if (state.districts.length) query.district = [...state.districts]
  if (state.openNow) query.open = '1'
  return query
}

export function isFiltered(state: FilterState): boolean {
  return Object.keys(toFilterQuery(state)).length > 0
}

/** What a search looks in: a place's name, address, district and pinyin initials. */
export type SearchablePlace = Pick<Place, 'name' | 'address' | 'district' | 'initials'> & Named

/** The words of a search, lowercased: a place matches when it has every one (matchesSearch). */
export function searchWords(q: string): string[] {
  return q.toLowerCase().split(/\s+/).filter(Boolean)
}

/** Where a search word is looked for, lowercased and joined by spaces, besides the pinyin initials. */
export function searchFields(place: SearchablePlace): string[] {
  return [place.name, place.address, districtWord(place)]
}

/** Whether one of searchFields(place) holds `word`, without making the list (the server asks it of thousands of places a search). */
export function fieldsHold(place: SearchablePlace, word: string): boolean {
  return place.name.includes(word) || place.address.includes(word) || districtWord(place).includes(word)
}

/** Search by name, address, district or pinyin initials; every space-separated word must match. */
export function matchesSearch(place: SearchablePlace, q: string): boolean {
  const haystack = searchFields(place).join(' ').toLowerCase()
  return searchWords(q).every(word => haystack.includes(word) || place.initials.includes(word))
}

/**
 * Whether a place passes the filters: kinds and districts are OR within themselves,
 * amenities are AND (a place must have every one chosen), all groups combine with AND.
 */
export function matchesFilters(place: Place, state: FilterState, now: Date): boolean {
  if (state.kinds.length && !state.kinds.includes(place.kind)) return false
  if (state.districts.length && !state.districts.includes(place.district)) return false
  if (!state.amenities.every(a => place.amenities.includes(a))) return false
  if (state.openNow && openStateAt(place.schedule, now, place.status).state !== 'open') return false
  return !state.q.trim() || matchesSearch(place, state.q)
}
