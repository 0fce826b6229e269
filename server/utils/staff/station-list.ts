import type { H3Event } from 'h3'
import type { StationListQuery } from '#shared/schemas/admin'
import type { AdminStationList, StaffMember } from '#shared/types/admin'
import type { Place } from '#shared/types/place'
import { STATUS_KEYS, type Status } from '#shared/utils/vocabulary'
import { districtName } from '../../regions/region'

const DAY_MS = 86_400_000
const chinese = new Intl.Collator('zh-CN')

type Listed = Pick<Place, 'id' | 'name' | 'kind' | 'district' | 'districtName' | 'address' | 'status' | 'lastVerified' | 'lastConfirmed' | 'sample' | 'initials'> & { retiredAt?: string }

const byName = (a: Listed, b: Listed) => chinese.compare(a.name, b.name) || a.id.localeCompare(b.id)
const ORDER: Record<StationListQuery['sort'], (a: Listed, b: Listed) => number> = {
  name: byName,
  district: (a, b) => chinese.compare(a.districtName, b.districtName) || byName(a, b),
  // Never verified first, then the oldest check.
  lastVerified: (a, b) => (a.lastVerified ?? '').localeCompare(b.lastVerified ?? '') || byName(a, b),
}

/**
 * The workspace's list of stations as they stand now (content records, live edits and additions;
 * or those retired, whose names and addresses are searched but not their initials):
 * within the staff member's district (or the one chosen), searched and filtered like the public
 * map, one page at a time, with the counts by status.
 */
export async function adminStationList(event: H3Event, staff: StaffMember, query: StationListQuery, now = new Date()): Promise<AdminStationList> {
  const pageSize = Number(useRuntimeConfig().staff.pageSize)
  const scope = defaultScope(staff, query.district)
  const threshold = query.unverifiedDays ? beijingDate(new Date(now.getTime() - query.unverifiedDays * DAY_MS).toISOString()) : undefined
  const stations: Listed[] = query.retired
    ? [...(await retiredStations(event)).values()].map(station => ({ ...station, districtName: districtName(station.district), initials: '' }))
    : await listPlaces(event, now)
  const matching = stations.filter(place => (!scope || place.district === scope)
    && (!query.kind || place.kind === query.kind)
    && (!threshold || !place.lastVerified || place.lastVerified < threshold)
    && (!query.q || matchesSearch(place, query.q)))

  const byStatus = Object.fromEntries(STATUS_KEYS.map(status => [status, 0])) as Record<Status, number>
  for (const place of matching) byStatus[place.status]++
  const chosen = (query.status ? matching.filter(place => place.status === query.status) : matching).sort(ORDER[query.sort])

  const items = chosen.slice((query.page - 1) * pageSize, query.page * pageSize).map(place => ({
    id: place.id,
    name: place.name,
    kind: place.kind,
    district: place.district,
    address: place.address,
    status: place.status,
    lastVerified: place.lastVerified ?? null,
    lastConfirmed: place.lastConfirmed ?? null,
    sample: place.sample,
    ...(place.retiredAt ? { retiredAt: place.retiredAt } : {}),
  }))
  return { items, page: query.page, pageSize, total: chosen.length, byStatus }
}
