import type { H3Event } from 'h3'
import type { SuggestionQuery } from '#shared/schemas/admin'
import type { RelatedSuggestion, ReviewQueueItem, ReviewQueuePage, StaffMember, StationRecord } from '#shared/types/admin'
import { distanceMeters, type LatLng } from '#shared/utils/geo'
import type { District } from '#shared/utils/vocabulary'
import type { Box, StoredSuggestion, SuggestionStore } from '../../database/stores'

/** How close two new-station proposals (or a proposal and a station) are to count as the same place. */
export const DUPLICATE_RADIUS_M = 200

/** At most this many likely duplicates come with a queue item, the newest (a spammed station has thousands). */
export const DUPLICATE_LIMIT = 20

// Proposals read around one: more than this in its box is spam at one spot, and any of them will do.
const NEARBY_READ = 200

// Fewer metres than a degree of latitude has (about 111,195): the box is a little larger than the circle.
const METRES_PER_DEGREE = 110_000

function boxAround({ lat, lng }: LatLng, metres: number): Box {
  const dLat = metres / METRES_PER_DEGREE
  const dLng = metres / (METRES_PER_DEGREE * Math.cos(lat * Math.PI / 180))
  return { south: lat - dLat, north: lat + dLat, west: lng - dLng, east: lng + dLng }
}

const locationOf = (suggestion: StoredSuggestion) => (suggestion.body.kind === 'new-station' ? suggestion.body.location : undefined)

/** The district staff see when they do not choose one: an editor's own, for everyone else all. */
export function defaultScope(staff: StaffMember, district: District | undefined): District | undefined {
  return district ?? (staff.role === 'admin' ? undefined : staff.district ?? undefined)
}

/**
 * Per suggestion of a page, the other pending suggestions for its station, or the pending proposals
 * within DUPLICATE_RADIUS_M of a proposal: the newest DUPLICATE_LIMIT, read with a few small queries.
 */
async function likelyDuplicates(suggestions: SuggestionStore, page: StoredSuggestion[]): Promise<Map<string, RelatedSuggestion[]>> {
  const stationIds = [...new Set(page.flatMap(suggestion => (suggestion.stationId ? [suggestion.stationId] : [])))]
  const byStation = new Map(await Promise.all(stationIds.map(async id => [id, await suggestions.pendingAbout(id, DUPLICATE_LIMIT + 1)] as const)))
  const related = new Map<string, RelatedSuggestion[]>()
  await Promise.all(page.map(async (suggestion) => {
    const location = locationOf(suggestion)
    if (location) {
      const nearby = await suggestions.pendingProposalsIn(boxAround(location, DUPLICATE_RADIUS_M), NEARBY_READ)
      related.set(suggestion.id, nearby
        .filter(other => other.id !== suggestion.id)
        .map(other => ({ id: other.id, kind: other.kind, createdAt: other.createdAt, distance: Math.round(distanceMeters(location, other)) }))
        .filter(other => other.distance <= DUPLICATE_RADIUS_M)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
        .slice(0, DUPLICATE_LIMIT))
    }
    else if (suggestion.stationId) {
      related.set(suggestion.id, (byStation.get(suggestion.stationId) ?? []).filter(other => other.id !== suggestion.id).slice(0, DUPLICATE_LIMIT))
    }
  }))
  return related
}

/**
 * The review queue: suggestions newest first, filtered by kind, status, station and district
 * (an editor limited to a district sees only it), one page at a time, each with the station's
 * current values and its likely duplicates. Filtering, counting and paging happen in SQL.
 */
export async function listReviewQueue(event: H3Event, staff: StaffMember, query: SuggestionQuery): Promise<ReviewQueuePage> {
  const { suggestions } = useStores()
  const pageSize = Number(useRuntimeConfig().staff.pageSize)
  const filter = { kind: query.kind, status: query.status, stationId: query.stationId, district: defaultScope(staff, query.district) }
  const [{ items: page, total }, stations] = await Promise.all([
    suggestions.queue(filter, { limit: pageSize, offset: (query.page - 1) * pageSize }),
    listStations(event),
  ])
  const stationById = new Map(stations.map(station => [station.id, station]))
  const [duplicates, actor] = await Promise.all([likelyDuplicates(suggestions, page), actorNamer()])

  const items = page.map((suggestion): ReviewQueueItem => {
    const { clientHash: _clientHash, ...fields } = suggestion
    const location = suggestion.kind === 'new-station' ? locationOf(suggestion) : undefined
    const nearbyStations = location
      ? (stations as StationRecord[])
          .map(station => ({ id: station.id, name: station.name, distance: Math.round(distanceMeters(location, station.location)) }))
          .filter(({ distance }) => distance <= DUPLICATE_RADIUS_M)
      : []
    return {
      ...fields,
      reviewedBy: suggestion.reviewedBy ? actor(suggestion.reviewedBy) : null,
      current: suggestion.stationId ? stationById.get(suggestion.stationId) ?? null : null,
      duplicates: duplicates.get(suggestion.id) ?? [],
      nearbyStations,
    }
  })
  return { items, page: query.page, pageSize, total }
}
