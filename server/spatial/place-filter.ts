import type { Place, Schedule } from '../../shared/types/place'
import { searchWords, type FilterState } from '../../shared/utils/filters'
import { openStateAt } from '../../shared/utils/open-state'
import { AMENITY_KEYS } from '../../shared/utils/vocabulary'
import type { Groups, NamedFilter } from './place-index'

// The map's filters (matchesFilters, shared/utils/filters.ts) asked of the indexed places through
// typed columns built with the index (issue 10): a far-out view asks them of up to 186,100 places,
// and each place's object, its arrays and its opening hours took most of the 78–140 ms such a view
// cost. Tested against matchesFilters on random places (tests/unit/place-index.test.ts).

/** Each place's kind, district, amenities and schedule as small numbers, by id (its place in the index's items). */
export interface PlaceColumns {
  kinds: Map<string, number>
  kind: Codes
  districts: Map<string, number>
  district: Codes
  /** Bit i: the place has AMENITY_KEYS[i]. */
  amenities: Uint32Array
  /** The distinct schedules; `null` for places whose status is not open (never open, whatever their hours). */
  schedules: Map<Schedule | null, number>
  schedule: Codes
  /** The searches asked lately, most recent last, each with the places that hold it (searchMemo). */
  searches: Map<string, SearchFound>
}

type Codes = Uint8Array | Uint16Array | Uint32Array

/** The places that hold a search: `known[id]` 1 if the place at `id` does, -1 if not; `ids` theirs, ascending. */
interface SearchFound { known: Int8Array, ids: Uint32Array }

/** How many searches keep their answers: a person typing pans the map many times with one search. */
const SEARCHES_KEPT = 8

const AMENITY_BIT = new Map(AMENITY_KEYS.map((key, i) => [key, 2 ** i]))
if (AMENITY_KEYS.length > 32) throw new Error('place-filter: amenities are a 32-bit mask')

/** The values of a column coded 0, 1, 2… (compared by identity), by id, in an array no wider than they need. */
function encode<V>(places: readonly Place[], ids: Uint32Array, valueOf: (place: Place) => V): { codes: Map<V, number>, column: Codes } {
  const codes = new Map<V, number>()
  const wide = new Uint32Array(places.length)
  for (const [i, place] of places.entries()) {
    const value = valueOf(place)
    let code = codes.get(value)
    if (code === undefined) codes.set(value, code = codes.size)
    wide[ids[i]!] = code
  }
  const column = codes.size <= 2 ** 8 ? Uint8Array.from(wide) : codes.size <= 2 ** 16 ? Uint16Array.from(wide) : wide
  return { codes, column }
}

/**
 * The columns of the places an index was built from, by their ids in it (`ids`: the index's `order`),
 * built with the index (about 1.5 MB at 186,100 places). The places are read in their own order, the
 * one they lie in in memory.
 */
export function placeColumns(places: readonly Place[], ids: Uint32Array): PlaceColumns {
  const kind = encode(places, ids, place => place.kind)
  const district = encode(places, ids, place => place.district)
  // Places of one opening_hours value share one Schedule object (server/utils/stations/places.ts).
  const schedule = encode(places, ids, place => (place.status === 'open' ? place.schedule : null))
  const amenities = new Uint32Array(places.length)
  for (const [i, place] of places.entries()) {
    let mask = 0
    for (const amenity of place.amenities) mask |= AMENITY_BIT.get(amenity) ?? 0
    amenities[ids[i]!] = mask
  }
  return {
    kinds: kind.codes, kind: kind.column, districts: district.codes, district: district.column,
    amenities, schedules: schedule.codes, schedule: schedule.column, searches: new Map(),
  }
}

/** 1 for the codes of the values chosen, every code when none is chosen (the filter is off). */
function chosen(codes: Map<string, number>, values: readonly string[]): Uint8Array {
  const table = new Uint8Array(codes.size).fill(values.length ? 0 : 1)
  for (const value of values) {
    const code = codes.get(value)
    if (code !== undefined) table[code] = 1
  }
  return table
}

/**
 * Calls `visit` with the id of each place that holds every word of a search (matchesSearch), found
 * through the search index (server/search/place-search.ts) without asking every place.
 */
export type SearchMatches = (words: readonly string[], visit: (id: number) => void) => void

/**
 * What is known of each place for one search: 1 matches, -1 does not, found at once through
 * `matches` (asking every place, a new search's first whole-country view took 0.45–0.64 s), and kept
 * for the next SEARCHES_KEPT searches, with the index.
 */
function searchMemo(columns: PlaceColumns, q: string, matches: SearchMatches): SearchFound & { words: string } {
  const words = searchWords(q)
  const key = words.join(' ')
  let found = columns.searches.get(key)
  if (found) columns.searches.delete(key)
  else {
    const known = new Int8Array(columns.amenities.length).fill(-1)
    let count = 0
    matches(words, (id) => {
      if (known[id] === 1) return
      known[id] = 1
      count++
    })
    // Ascending as `known` holds them: for the 18,700 places of a word a tenth of the places hold,
    // pushing and sorting their ids made this 2.4 ms (median), reading `known`'s 186,100 bytes 0.7–1.5 ms.
    const ids = new Uint32Array(count)
    for (let id = 0, n = 0; id < known.length; id++) if (known[id] === 1) ids[n++] = id
    found = { known, ids }
    if (columns.searches.size >= SEARCHES_KEPT) columns.searches.delete(columns.searches.keys().next().value!)
  }
  columns.searches.set(key, found)
  return { words: key, ...found }
}

/** The codes a table keeps, for a filter's name: `*` for all of them. */
function kept(table: Uint8Array): string {
  if (table.every(Boolean)) return '*'
  const codes: number[] = []
  for (const [code, on] of table.entries()) if (on) codes.push(code)
  return codes.join(',')
}

/**
 * matchesFilters(place, state, now) for the place at `id` of the indexed list: kinds and districts
 * by a table of their codes, amenities by a mask, "open now" decided once per distinct schedule at
 * `now`, the places that hold the search words found once through `matches` and remembered.
 * Its name is what it keeps, so a far-out view reuses the cells of an earlier one with the same name
 * (server/spatial/place-index.ts): "open now" is named by which schedules are open, which holds until
 * one opens or closes.
 */
export function placeFilter(columns: PlaceColumns, state: FilterState, now: Date, matches: SearchMatches): NamedFilter<Place> {
  const { kind, district, amenities, schedule } = columns
  const kinds = chosen(columns.kinds, state.kinds)
  const districts = chosen(columns.districts, state.districts)
  let need = 0
  for (const amenity of state.amenities) need |= AMENITY_BIT.get(amenity)!
  const open = new Uint8Array(columns.schedules.size).fill(1)
  if (state.openNow) for (const [hours, code] of columns.schedules) open[code] = hours && openStateAt(hours, now).state === 'open' ? 1 : 0
  const search = state.q.trim() ? searchMemo(columns, state.q, matches) : undefined
  return {
    name: [kept(kinds), kept(districts), need, kept(open), search?.words ?? ''].join('|'),
    keep: (_place, id) => {
      if (kinds[kind[id]!] !== 1 || districts[district[id]!] !== 1 || (amenities[id]! & need) !== need || open[schedule[id]!] !== 1) return false
      return !search || search.known[id] === 1
    },
    // A search: only its places can pass, and far-out views sum them alone.
    only: search?.ids,
  }
}

/**
 * Only places of some kinds, as groups the index sums once per kind (server/spatial/place-index.ts):
 * each place's kind read from the column, not from places scattered in memory (a first view after a
 * rebuild asks all 186,100).
 */
export function kindGroups(columns: PlaceColumns, kinds: readonly string[]): Groups<Place> {
  const names = [...columns.kinds.keys()]
  return { of: (_place, id) => names[columns.kind[id]!]!, values: kinds }
}
