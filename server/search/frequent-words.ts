// The words many places hold, each with the exact set of those places (server/search/place-search.ts):
// a search word held by a tenth of the national list let 19,000–36,000 places through the signatures,
// each then asked of its strings (0.4–0.5 µs a place, its strings scattered over the heap), 18–29 ms a
// search. With the set kept as a bitmap, such a word is answered by reading 23 KB.
// A word here is any run of characters of a place's texts without a space in it (a search word never
// holds one).
// 1. Which runs are frequent is found on a sample of the places, level by level (apriori): a run of k
//    characters is held by no more places than its first k - 1 characters, nor than its last k - 1, so
//    only runs made of two frequent shorter ones are counted. The sample's characters are rewritten,
//    level after level, as the numbers of the frequent runs starting there, and the next level's runs
//    (pairs of adjacent numbers) are counted as they are written.
// 2. Every place is then read once, character by character, through an automaton of those runs
//    (Aho–Corasick): after each character, its state is the longest run ending there. A place holds a
//    run if the run ends one of its states, so each place marks its states only, and each run's places
//    are passed on to the run without its first character, longest runs first.
// 3. The places are read a few thousand at a time; runs held by the same places so far share one
//    bitmap, split when they part. Keeping every run's bitmap (or every place's texts) at once would
//    hold 25 MB more while the index is built, and the national server peaks 32–44 MB under its budget.
// Tested against asking every place (tests/unit/place-search.test.ts).

/** Marks a unit that starts no frequent run (a space, the end of a text, a run too few places hold). */
const NONE = 0xFFFF
/** The most runs a level counts, in two typed arrays (8 MB). */
const TABLE_MAX = 2 ** 20
/** The most states × letters of the automaton (4 MB). */
const AUTOMATON_MAX = 2 ** 21
/** About how many places choose the words: of 186,100, every eleventh. */
const SAMPLE = 16_384
/** Places read at once for the exact places: the runs' bits for them (512 bytes a run) stay in cache. */
const CHUNK = 4096

let spaces: Uint8Array | undefined
/** Whether each UTF-16 unit is a space where searchWords (shared/utils/filters.ts) splits a search. */
export function spaceTable(): Uint8Array {
  spaces ??= Uint8Array.from({ length: 0x10000 }, (_, c) => (/\s/.test(String.fromCharCode(c)) ? 1 : 0))
  return spaces
}

/** Calls `add` with each text of place `i` (spaces, within a text or between two, part words alike). */
export type TextsOf = (i: number, add: (text: string) => void) => void

/** How many places hold each run (each place counted once), by the run's key. */
class Tally {
  readonly counts: Int32Array
  /** The keys counted, in the order first counted (a few of the 65,536 characters). */
  readonly seen: number[] = []
  /** The last place counted for each key. */
  private readonly last: Int32Array

  constructor(keys: number) {
    this.counts = new Int32Array(keys)
    this.last = new Int32Array(keys).fill(-1)
  }

  add(key: number, place: number) {
    if (this.last[key] === place) return
    this.last[key] = place
    if (this.counts[key]!++ === 0) this.seen.push(key)
  }
}

/** The texts of some places, one after another, as UTF-16 units with NONE after each word. */
class PlaceTexts {
  units: Uint16Array
  /** Where each place's units start, and (last) where they end. */
  readonly starts: Int32Array
  readonly places: number

  /** The texts of places 0, `step`, 2 × `step`… before `places`. */
  constructor(textsOf: TextsOf, places: number, step: number) {
    const space = spaceTable()
    this.places = Math.ceil(places / step)
    this.starts = new Int32Array(this.places + 1)
    this.units = new Uint16Array(this.places * 64)
    let at = 0
    const add = (text: string) => {
      if (at + text.length + 1 > this.units.length) {
        const grown = new Uint16Array(Math.ceil((at + text.length + 1) * 1.5))
        grown.set(this.units.subarray(0, at))
        this.units = grown
      }
      const units = this.units
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i)
        units[at++] = space[c] ? NONE : c
      }
      units[at++] = NONE
    }
    for (let n = 0; n < this.places; n++) {
      textsOf(n * step, add)
      this.starts[n + 1] = at
    }
  }
}

/** The frequent runs of one length: the number of each key (-1: not frequent), and their keys and words by number. */
interface Level {
  /** How many runs the level before numbered: a key is first * numbered + last (level 1: a character). */
  numbered: number
  number: Int32Array
  keys: number[]
  words: string[]
}

/**
 * Rewrites each unit of `texts` as the number of `level`'s run starting there, or drops it (one NONE
 * between words): the next level reads fewer. Writing at `w <= p` leaves p + 1 unread. Counts the next
 * level's runs (pairs of adjacent numbers) in `pairs`.
 */
function rewrite(texts: PlaceTexts, { numbered, number, words }: Level, pairs: Tally) {
  const { units: ids, starts, places } = texts
  const runs = words.length
  let w = 0
  for (let i = 0, from = 0; i < places; i++) {
    const end = starts[i + 1]!
    const start = w
    starts[i] = start
    for (let p = from; p < end; p++) {
      const first = ids[p]!
      const next = numbered ? ids[p + 1]! : 0
      const n = first === NONE || next === NONE ? -1 : number[numbered ? first * numbered + next : first]!
      if (n >= 0) {
        if (w > start && ids[w - 1] !== NONE) pairs.add(ids[w - 1]! * runs + n, i)
        ids[w++] = n
      }
      else if (w > start && ids[w - 1] !== NONE) ids[w++] = NONE
    }
    if (w > start && ids[w - 1] !== NONE) ids[w++] = NONE
    from = end
  }
  starts[places] = w
}

/** The runs at least `min` of `texts`' places hold, level by level. Rewrites `texts`. */
function frequentRuns(texts: PlaceTexts, min: number): Level[] {
  const levels: Level[] = []
  let counted = new Tally(0x10000)
  const { units, starts, places } = texts
  for (let i = 0; i < places; i++) {
    for (let p = starts[i]!; p < starts[i + 1]!; p++) if (units[p] !== NONE) counted.add(units[p]!, i)
  }
  for (let letters = 0, states = 1; ;) {
    const before = levels.at(-1)
    const numbered = before?.words.length ?? 0
    const level: Level = { numbered, number: new Int32Array(counted.counts.length).fill(-1), keys: [], words: [] }
    for (const key of counted.seen) {
      if (counted.counts[key]! < min) continue
      level.keys.push(key)
      level.words.push(before ? before.words[Math.floor(key / numbered)]! + before.words[key % numbered]!.slice(-1) : String.fromCharCode(key))
      level.number[key] = level.words.length - 1
    }
    letters ||= level.words.length
    states += level.words.length
    // Numbered by 16 bits, NONE apart, and an automaton of at most 4 MB: in a list unlike any seen,
    // longer words are left to the signatures.
    if (!level.words.length || states >= NONE || states * letters > AUTOMATON_MAX) break
    levels.push(level)
    if (level.words.length ** 2 > TABLE_MAX) break
    counted = new Tally(level.words.length ** 2)
    rewrite(texts, level, counted)
  }
  return levels
}

/**
 * The runs of `levels` as an automaton: state `s` (a run's number among all, `runs` for none) reading
 * letter `a` (a frequent character's number) goes to `next[s * letters + a]`, the longest run that ends
 * the run of `s` followed by that character; `shorter[s]` is the run of `s` without its first character.
 */
function automaton(levels: Level[], offsets: number[], runs: number) {
  const letters = levels[0]!.words.length
  const next = new Uint16Array((runs + 1) * letters)
  const shorter = new Int32Array(runs).fill(runs)
  for (let a = 0; a < letters; a++) next[runs * letters + a] = a
  // Level by level, so that the state of a run's shorter one is known: a run followed by a character
  // is a longer run if its shorter one followed by it is a run as long as the first.
  for (const [k, level] of levels.entries()) {
    const longer = levels[k + 1]
    for (const [n, key] of level.keys.entries()) {
      const s = offsets[k]! + n
      if (k > 0) shorter[s] = offsets[k - 1]! + (key % level.numbered)
      for (let a = 0; a < letters; a++) {
        const t = next[shorter[s]! * letters + a]!
        const extended = longer && t >= offsets[k]! && t < offsets[k]! + level.words.length ? longer.number[n * level.words.length + t - offsets[k]!]! : -1
        next[s * letters + a] = extended >= 0 ? offsets[k + 1]! + extended : t
      }
    }
  }
  return { letters, next, shorter }
}

/** Whether the `words` words of `bits` from `a` and from `b` are the same. */
function same(bits: Uint32Array, words: number, a: number, b: number): boolean {
  for (let j = 0; j < words; j++) if (bits[a + j] !== bits[b + j]) return false
  return true
}

/**
 * `runs` split by the places they hold among `bits`' `words` × 32 (bit `i & 31` of
 * `run * across + (i >>> 5)`), in the order of their first runs: most often one part, all alike.
 */
function part(runs: number[], bits: Uint32Array, across: number, words: number): number[][] {
  const [first] = runs
  if (runs.every(run => same(bits, words, run * across, first! * across))) return [runs]
  const parts = new Map<number, number[][]>()
  const found: number[][] = []
  for (const run of runs) {
    let hash = 0x811C9DC5
    for (let j = 0, at = run * across; j < words; j++) hash = Math.imul(hash ^ bits[at + j]!, 0x01000193)
    const alike = parts.get(hash) ?? parts.set(hash, []).get(hash)!
    const earlier = alike.find(other => same(bits, words, other[0]! * across, run * across))
    if (earlier) earlier.push(run)
    else alike.push(found[found.push([run]) - 1]!)
  }
  return found
}

function popcount(bits: Uint32Array): number {
  let count = 0
  for (let j = 0; j < bits.length; j++) {
    const pairs = bits[j]! - ((bits[j]! >>> 1) & 0x55555555)
    const quads = (pairs & 0x33333333) + ((pairs >>> 2) & 0x33333333)
    count += Math.imul((quads + (quads >>> 4)) & 0x0F0F0F0F, 0x01010101) >>> 24
  }
  return count
}

/**
 * Every word (a run of characters without a space) that at least `minPlaces` of `places` places hold
 * (each one that the sample of every `step`-th place finds held by about as many), with a bitmap of
 * those places (bit `i & 31` of element `i >>> 5` is place `i`). Words held by the same places share one bitmap.
 */
export function frequentWords(places: number, textsOf: TextsOf, minPlaces: number, step = Math.max(1, Math.floor(places / SAMPLE))): Map<string, Uint32Array> {
  const min = Math.max(1, minPlaces)
  const found = new Map<string, Uint32Array>()
  if (places < min) return found
  const sample = new PlaceTexts(textsOf, places, step)
  // A word held by `min` places is held by about min / step of the sample: a fifth less still chooses it.
  const levels = frequentRuns(sample, step === 1 ? min : Math.max(1, Math.floor(0.8 * min * sample.places / places)))
  if (!levels.length) return found
  const offsets = levels.map((_, k) => levels.slice(0, k).reduce((sum, level) => sum + level.words.length, 0))
  const runs = offsets.at(-1)! + levels.at(-1)!.words.length
  const { letters, next, shorter } = automaton(levels, offsets, runs)
  // Each character's letter, NONE for the others (16 bits: 128 KB for the lookups of every character read).
  const letter = new Uint16Array(0x10000).fill(NONE)
  for (const [a, key] of levels[0]!.keys.entries()) letter[key] = a
  // Each run's bitmap, as the places read so far tell: runs held by the same places share one.
  const stride = Math.ceil(places / 32)
  const bitmaps = [new Uint32Array(stride)]
  const bitmapOf = new Int32Array(runs)
  const members = [Array.from({ length: runs }, (_, run) => run)]
  // The chunk's places of each run: bit `i & 31` of `run * across + (i >>> 5)`.
  const across = Math.ceil(Math.min(CHUNK, places) / 32)
  const bits = new Uint32Array(across * runs)
  let word = 0
  let mask = 0
  const read = (text: string) => {
    for (let i = 0, state = runs; i < text.length; i++) {
      const a = letter[text.charCodeAt(i)]!
      state = a === NONE ? runs : next[state * letters + a]!
      if (state < runs) bits[state * across + word]! |= mask
    }
  }
  for (let from = 0; from < places; from += CHUNK) {
    bits.fill(0)
    const to = Math.min(places, from + CHUNK)
    for (let i = from; i < to; i++) {
      word = (i - from) >>> 5
      mask = 1 << (i & 31)
      textsOf(i, read)
    }
    const words = Math.ceil((to - from) / 32)
    // A place holds each run that ends one of its states: longest runs first, each passes its places on.
    for (let s = runs - 1; s >= levels[0]!.words.length; s--) {
      for (let j = 0, into = shorter[s]! * across, at = s * across; j < words; j++) bits[into + j]! |= bits[at + j]!
    }
    // Runs that shared a bitmap and hold different places here part: one keeps it, the others copy it.
    for (let was = 0, known = bitmaps.length; was < known; was++) {
      const parts = part(members[was]!, bits, across, words)
      for (const [k, runsOf] of parts.entries()) {
        const now = k === 0 ? was : bitmaps.push(bitmaps[was]!.slice()) - 1
        members[now] = runsOf
        for (const run of runsOf) bitmapOf[run] = now
        bitmaps[now]!.set(bits.subarray(runsOf[0]! * across, runsOf[0]! * across + words), from / 32)
      }
    }
  }
  const counts = bitmaps.map(popcount)
  for (const [k, level] of levels.entries()) {
    for (const [n, word] of level.words.entries()) {
      const bitmap = bitmapOf[offsets[k]! + n]!
      if (counts[bitmap]! >= min) found.set(word, bitmaps[bitmap]!)
    }
  }
  return found
}
