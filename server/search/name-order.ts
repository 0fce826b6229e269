import { rankBetween, sortWords, type WordOrder } from '../../shared/utils/filters'
import { positionById, type IdTable } from './by-id'

/**
 * The collator's order of `places`' names (wordOrder), each place's rank kept by its position: a
 * place is ranked through its id (`ids`, their id table) while its name is the one it had here; any
 * other name is ranked by binary search (rankBetween). The server keeps one for the 186,100 imported
 * places: a Map of their names to ranks was 7 MB of its memory (issue 10).
 */
export function orderById(places: ReadonlyArray<{ id: string, name: string }>, ids: IdTable): WordOrder {
  const sorted = sortWords(places.map(place => place.name))
  const ranks = ranksOf(places, sorted)
  return {
    rank(word, id) {
      const at = id === undefined ? -1 : positionById(ids, places, id)
      return at >= 0 && places[at]!.name === word ? ranks[at]! : rankBetween(sorted, word)
    },
  }
}

/**
 * Each place's rank in `sorted`, by position. Its own function: the Map made here would otherwise
 * share the scope `rank` closes over, and be kept with it.
 */
function ranksOf(places: ReadonlyArray<{ name: string }>, sorted: readonly string[]): Int32Array {
  const rankOf = new Map(sorted.map((name, i) => [name, i]))
  return Int32Array.from(places, place => rankOf.get(place.name)!)
}
