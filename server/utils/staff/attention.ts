import type { H3Event } from 'h3'
import type { AttentionSection } from '#shared/schemas/admin'
import type { AttentionList, StaffMember } from '#shared/types/admin'
import type { District } from '#shared/utils/vocabulary'

const DAY_MS = 86_400_000

/** Each list of the attention page holds this many items a page... */
export const ATTENTION_PAGE_SIZE = 10
/** ...and each burst the ids of its newest this many suggestions. */
export const BURST_IDS = 50

/**
 * What needs a look, within the staff member's district (or the one chosen): stations not verified
 * for `staff.staleDays`, stations with pending problem reports, and bursts of suggestions in the
 * last 24 h for one station or from one client. Each list is one page (`page` of `section`, the
 * first of the others) with its total; suggestions are counted and paged in SQL, never read one by one.
 */
export async function attentionList(event: H3Event, staff: StaffMember, query: { district?: District, section?: AttentionSection, page: number }, now = new Date()): Promise<AttentionList> {
  const config = useRuntimeConfig().staff
  const staleDays = Number(config.staleDays)
  const { suggestions } = useStores()
  const scope = defaultScope(staff, query.district)
  const range = (section: AttentionSection) => ({ limit: ATTENTION_PAGE_SIZE, offset: section === query.section ? (query.page - 1) * ATTENTION_PAGE_SIZE : 0 })
  const since = new Date(now.getTime() - DAY_MS).toISOString()
  const [allStations, confirmed, reports, stationBursts, clientBursts] = await Promise.all([
    listStations(event),
    lastConfirmations(),
    suggestions.pendingProblems(scope, range('problems')),
    suggestions.stationBursts({ since, district: scope, over: Number(config.burstPerStation), ids: BURST_IDS }, range('stationBursts')),
    suggestions.clientBursts({ since, district: scope, over: Number(config.burstPerClient), ids: BURST_IDS }, range('clientBursts')),
  ])
  const stations = allStations.filter(station => !scope || station.district === scope)
  const stationById = new Map(stations.map(station => [station.id, station]))
  // A station gone from the data since its suggestions came is shown by its id, in the suggestions' district.
  const named = (stationId: string) => {
    const station = stationById.get(stationId)
    return { id: stationId, name: station?.name ?? stationId, district: station?.district ?? scope ?? null }
  }

  const threshold = beijingDate(new Date(now.getTime() - staleDays * DAY_MS).toISOString())
  const stale = stations
    .filter(station => station.status !== 'closed' && (!station.lastVerified || station.lastVerified < threshold))
    .sort((a, b) => (a.lastVerified ?? '').localeCompare(b.lastVerified ?? '') || a.id.localeCompare(b.id))
  const { offset } = range('stale')

  return {
    staleDays,
    pageSize: ATTENTION_PAGE_SIZE,
    stale: {
      total: stale.length,
      items: stale.slice(offset, offset + ATTENTION_PAGE_SIZE)
        .map(({ id, name, district, lastVerified }) => ({ id, name, district, lastVerified: lastVerified ?? null, lastConfirmed: confirmed.get(id) ?? null })),
    },
    problems: { total: reports.total, items: reports.items.map(({ stationId, count, latestAt }) => ({ ...named(stationId), count, latestAt })) },
    stationBursts: { total: stationBursts.total, items: stationBursts.items.map(({ stationId, count, suggestionIds }) => ({ ...named(stationId), count, suggestionIds })) },
    clientBursts,
  }
}
