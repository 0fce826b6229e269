import type { H3Event } from 'h3'
import type { StationPatch } from '#shared/schemas/admin'
import type { AdminStation, AuditEntry, StaffMember, StationRecord } from '#shared/types/admin'

/** A station as it stands now, or 404 STATION_NOT_FOUND. */
export async function requireStation(event: H3Event, id: string): Promise<StationRecord> {
  const station = await findStation(event, id)
  if (!station) throw apiError(404, 'STATION_NOT_FOUND', '找不到这个站点', { id })
  return station
}

/** A station for staff: now, in its content file, and the live edits in between. */
export async function adminStation(event: H3Event, station: StationRecord): Promise<AdminStation> {
  const { overrides, additions } = useStores()
  const actor = await actorNamer()
  const content = (await contentStations(event)).find(record => record.id === station.id) ?? null
  const override = await overrides.get(station.id)
  const addition = content ? undefined : await additions.get(station.id)
  return {
    station,
    content,
    override: override ? { fields: override.fields, updatedAt: override.updatedAt, updatedBy: actor(override.updatedBy) } : null,
    addition: addition ? { createdAt: addition.createdAt, createdBy: actor(addition.createdBy) } : null,
  }
}

/** Applies a direct edit from `PATCH /api/admin/stations/:id` and returns the station after it. */
export async function editStation(event: H3Event, staff: StaffMember, id: string, patch: StationPatch): Promise<StationRecord> {
  const base = await findStationBase(event, id)
  if (!base) throw apiError(404, 'STATION_NOT_FOUND', '找不到这个站点', { id })
  const { reason, ...edit } = patch
  // Moving a station to another district needs the right to act there too.
  if (edit.district) assertMayActIn(staff, edit.district)
  const { station } = await useStores().transaction(tx => applyStationEdit(tx, base, edit, { actor: staff.id, reason, action: 'edit' }))
  return station
}

/** A station's history, oldest first: who, when, what before and after, why. */
export async function stationHistory(id: string): Promise<AuditEntry[]> {
  const actor = await actorNamer()
  return (await useStores().audit.forEntity('station', id)).map(record => ({
    id: record.id,
    at: record.at,
    actor: actor(record.actor),
    entity: record.entity,
    entityId: record.entityId,
    action: record.action,
    before: record.before ?? null,
    after: record.after ?? null,
    reason: record.reason ?? null,
    suggestionId: record.suggestionId ?? null,
  }))
}
