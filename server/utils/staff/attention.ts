import type { H3Event } from 'h3'
import type { AttentionList, StaffMember } from '#shared/types/admin'
import type { District } from '#shared/utils/vocabulary'

const DAY_MS = 86_400_000

/** At most this many bursts of each kind are listed, the biggest first... */
export const BURST_LIMIT = 50
/** ...each with the ids of its newest this many suggestions. */
export const BURST_IDS = 50

/**
 * What needs a look, within the staff member's district (or the one chosen): stations not verified
 * for `staff.staleDays`, stations with pending problem reports, and bursts of suggestions in the
 * last 24 h for one station or from one client. Suggestions are counted in SQL, never read one by one.
 */
export async function attentionList(event: H3Event, staff: StaffMember, district: District | undefined, now = new Date()): Promise<AttentionList> {
  const config = useRuntimeConfig().staff
  const staleDays = Number(config.staleDays)
  const { suggestions } = useStores()
  const scope = defaultScope(staff, district)
  const [allStations, confirmed, reports, bursts] = await Promise.all([
    listStations(event),
    lastConfirmations(),
    suggestions.pendingProblems(scope),
    suggestions.bursts({
      since: new Date(now.getTime() - DAY_MS).toISOString(),
      district: scope,
      perStation: Number(config.burstPerStation),
      perClient: Number(config.burstPerClient),
      limit: BURST_LIMIT,
      ids: BURST_IDS,
    }),
  ])
  const stations = allStations.filter(station => !scope || station.district === scope)
  const stationById = new Map(stations.map(station => [station.id, station]))

  const threshold = beijingDate(new Date(now.getTime() - staleDays * DAY_MS).toISOString())
  const stale = stations
    .filter(station => station.status !== 'closed' && (!station.lastVerified || station.lastVerified < threshold))
    .sort((a, b) => (a.lastVerified ?? '').localeCompare(b.lastVerified ?? '') || a.id.localeCompare(b.id))
    .map(({ id, name, district, lastVerified }) => ({ id, name, district, lastVerified: lastVerified ?? null, lastConfirmed: confirmed.get(id) ?? null }))

  // Only stations on the map (and in scope): a retired station's reports wait in the queue.
  const problems = reports.filter(report => stationById.has(report.stationId)).map(({ stationId, count, latestAt }) => {
    const { name, district } = stationById.get(stationId)!
    return { id: stationId, name, district, count, latestAt }
  }).sort((a, b) => b.count - a.count || b.latestAt.localeCompare(a.latestAt))

  const stationBursts = bursts.stations.filter(burst => stationById.has(burst.stationId)).map(({ stationId, count, suggestionIds }) => {
    const { name, district } = stationById.get(stationId)!
    return { id: stationId, name, district, count, suggestionIds }
  })

  return { staleDays, stale, problems, stationBursts, clientBursts: bursts.clients }
}
