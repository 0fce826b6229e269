import type { H3Event } from 'h3'
import type { AttentionList, StaffMember } from '#shared/types/admin'
import type { District } from '#shared/utils/vocabulary'

const DAY_MS = 86_400_000

/**
 * What needs a look, within the staff member's district (or the one chosen): stations not verified
 * for `staff.staleDays`, stations with pending problem reports, and bursts of suggestions in the
 * last 24 h for one station or from one client.
 */
export async function attentionList(event: H3Event, staff: StaffMember, district: District | undefined, now = new Date()): Promise<AttentionList> {
  const config = useRuntimeConfig().staff
  const staleDays = Number(config.staleDays)
  const { suggestions } = useStores()
  const scope = defaultScope(staff, district)
  const allStations = await listStations(event)
  const stations = allStations.filter(station => !scope || station.district === scope)
  const stationById = new Map(stations.map(station => [station.id, station]))
  const confirmed = await lastConfirmations()

  const threshold = beijingDate(new Date(now.getTime() - staleDays * DAY_MS).toISOString())
  const stale = stations
    .filter(station => station.status !== 'closed' && (!station.lastVerified || station.lastVerified < threshold))
    .sort((a, b) => (a.lastVerified ?? '').localeCompare(b.lastVerified ?? '') || a.id.localeCompare(b.id))
    .map(({ id, name, district, lastVerified }) => ({ id, name, district, lastVerified: lastVerified ?? null, lastConfirmed: confirmed.get(id) ?? null }))

  const problemsByStation = new Map<string, { count: number, latestAt: string }>()
  for (const report of await suggestions.find({ kind: 'problem', status: 'pending' })) {
    if (!report.stationId || !stationById.has(report.stationId)) continue
    const entry = problemsByStation.get(report.stationId) ?? { count: 0, latestAt: report.createdAt }
    entry.count++
    if (report.createdAt > entry.latestAt) entry.latestAt = report.createdAt
    problemsByStation.set(report.stationId, entry)
  }
  const problems = [...problemsByStation].map(([id, entry]) => {
    const { name, district } = stationById.get(id)!
    return { id, name, district, ...entry }
  }).sort((a, b) => b.count - a.count || b.latestAt.localeCompare(a.latestAt))

  const recent = (await suggestions.find({ since: new Date(now.getTime() - DAY_MS).toISOString() }))
    .filter(suggestion => !scope || suggestionDistrict(suggestion, allStations) === scope)
  const byStation = new Map<string, string[]>()
  const byClient = new Map<string, typeof recent>()
  for (const suggestion of recent) {
    if (suggestion.stationId) byStation.set(suggestion.stationId, [...(byStation.get(suggestion.stationId) ?? []), suggestion.id])
    if (suggestion.clientHash) byClient.set(suggestion.clientHash, [...(byClient.get(suggestion.clientHash) ?? []), suggestion])
  }
  const stationBursts = [...byStation]
    .filter(([id, ids]) => ids.length > Number(config.burstPerStation) && stationById.has(id))
    .map(([id, ids]) => ({ id, name: stationById.get(id)!.name, district: stationById.get(id)!.district, count: ids.length, suggestionIds: ids }))
    .sort((a, b) => b.count - a.count)
  const clientBursts = [...byClient]
    .filter(([, list]) => list.length > Number(config.burstPerClient))
    .map(([client, list]) => ({
      client,
      count: list.length,
      stationIds: [...new Set(list.flatMap(s => (s.stationId ? [s.stationId] : [])))],
      suggestionIds: list.map(s => s.id),
    }))
    .sort((a, b) => b.count - a.count)

  return { staleDays, stale, problems, stationBursts, clientBursts }
}
