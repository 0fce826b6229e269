import type { H3Event } from 'h3'
import type { SuggestionQuery } from '#shared/schemas/admin'
import type { ReviewQueueItem, ReviewQueuePage, StaffMember, StationRecord } from '#shared/types/admin'
import { distanceMeters, type LatLng } from '#shared/utils/geo'
import type { District } from '#shared/utils/vocabulary'
import type { StoredSuggestion } from '../../database/stores'

/** How close two new-station proposals (or a proposal and a station) are to count as the same place. */
export const DUPLICATE_RADIUS_M = 200

const locationOf = (suggestion: StoredSuggestion) => (suggestion.body.kind === 'new-station' ? suggestion.body.location : undefined)

/** The district staff see when they do not choose one: an editor's own, for everyone else all. */
export function defaultScope(staff: StaffMember, district: District | undefined): District | undefined {
  return district ?? (staff.role === 'admin' ? undefined : staff.district ?? undefined)
}

/**
 * The review queue: suggestions newest first, filtered by kind, status, station and district
 * (an editor limited to a district sees only it), one page at a time, each with the station's
 * current values and its likely duplicates.
 */
export async function listReviewQueue(event: H3Event, staff: StaffMember, query: SuggestionQuery): Promise<ReviewQueuePage> {
  const { suggestions } = useStores()
  const pageSize = Number(useRuntimeConfig().staff.pageSize)
  const stations = await listStations(event)
  const stationById = new Map(stations.map(station => [station.id, station]))
  const scope = defaultScope(staff, query.district)
  const matching = (await suggestions.find({ kind: query.kind, status: query.status, stationId: query.stationId }))
    .map(suggestion => ({ ...suggestion, district: suggestionDistrict(suggestion, stations) }))
    .filter(suggestion => !scope || suggestion.district === scope)
  const page = matching.slice((query.page - 1) * pageSize, query.page * pageSize)

  const pending = await suggestions.find({ status: 'pending' })
  const pendingByStation = new Map<string, StoredSuggestion[]>()
  for (const s of pending) if (s.stationId) pendingByStation.set(s.stationId, [...(pendingByStation.get(s.stationId) ?? []), s])
  const pendingProposals = pending.filter(s => s.kind === 'new-station' && locationOf(s))
  const actor = await actorNamer()

  const items = page.map((suggestion): ReviewQueueItem => {
    const { clientHash: _clientHash, ...fields } = suggestion
    const location = suggestion.kind === 'new-station' ? locationOf(suggestion) : undefined
    const near = <T extends { location: LatLng }>(list: T[]) => location
      ? list.map(item => ({ item, distance: Math.round(distanceMeters(location, item.location)) })).filter(({ distance }) => distance <= DUPLICATE_RADIUS_M)
      : []
    const duplicates = location
      ? near(pendingProposals.filter(s => s.id !== suggestion.id).map(s => ({ ...s, location: locationOf(s)! })))
          .map(({ item, distance }) => ({ id: item.id, kind: item.kind, createdAt: item.createdAt, distance }))
      : (pendingByStation.get(suggestion.stationId ?? '') ?? []).filter(s => s.id !== suggestion.id)
          .map(s => ({ id: s.id, kind: s.kind, createdAt: s.createdAt }))
    return {
      ...fields,
      reviewedBy: suggestion.reviewedBy ? actor(suggestion.reviewedBy) : null,
      current: suggestion.stationId ? stationById.get(suggestion.stationId) ?? null : null,
      duplicates,
      nearbyStations: near(stations as StationRecord[]).map(({ item, distance }) => ({ id: item.id, name: item.name, distance })),
    }
  })
  return { items, page: query.page, pageSize, total: matching.length }
}
