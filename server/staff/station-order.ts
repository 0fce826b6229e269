import type { StationListQuery } from '../../shared/schemas/admin'
import { wordOrder, type WordOrder } from '../../shared/utils/filters'

// The orders of the staff workspace's station list (issue 10): at 186,100 places, sorting with the
// collator inside the sort took 0.74 s. Names are ranked once (wordOrder) and compared as numbers.

const chinese = new Intl.Collator('zh-CN')

export interface Ordered {
  id: string
  name: string
  districtName: string
  lastVerified?: string
}

const byName = (a: Ordered, b: Ordered) => chinese.compare(a.name, b.name) || a.id.localeCompare(b.id)

/**
 * `stations` in a list's order: by name, by district then name, or never verified first, then the
 * oldest check, then name; ties by id. Names are ranked by `names` (the imported names' order: a name
 * outside it falls between two ranks) and compared as numbers; the collator decides only between
 * names of one rank.
 */
export function inOrder<T extends Ordered>(stations: readonly T[], sort: StationListQuery['sort'], names: WordOrder): T[] {
  const districts = sort === 'district' ? wordOrder(stations.map(station => station.districtName)) : undefined
  const keyed = stations.map(station => ({
    station,
    district: districts ? districts.rank(station.districtName) : 0,
    verified: sort === 'lastVerified' ? station.lastVerified ?? '' : '',
    name: names.rank(station.name, station.id),
  }))
  return keyed.sort((a, b) => a.district - b.district || (a.verified < b.verified ? -1 : a.verified > b.verified ? 1 : 0) || a.name - b.name || byName(a.station, b.station))
    .map(({ station }) => station)
}
