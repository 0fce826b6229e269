import type { H3Event } from 'h3'
import type { StationCreate, StationPatch } from '#shared/schemas/admin'
import type { AdminStation, AuditEntry, RetiredStation, StaffMember, StationRecord } from '#shared/types/admin'

/** A station as it stands now, or 404 STATION_NOT_FOUND. */
export async function requireStation(event: H3Event, id: string): Promise<StationRecord> {
  const station = await findStation(event, id)
  if (!station) throw apiError(404, 'STATION_NOT_FOUND', '找不到这个站点', { id })
  return station
}

/** A station on the map or retired (staff see both), or 404 STATION_NOT_FOUND. */
export async function requireAnyStation(event: H3Event, id: string): Promise<StationRecord | RetiredStation> {
  const station = (await findStation(event, id)) ?? (await retiredStations(event)).get(id)
  if (!station) throw apiError(404, 'STATION_NOT_FOUND', '找不到这个站点', { id })
  return station
}

/** A station for staff: now, in its content file, the live edits in between, and whether it is retired. */
export async function adminStation(event: H3Event, found: StationRecord | RetiredStation): Promise<AdminStation> {
  const { overrides, additions } = useStores()
  const { retiredAt, retiredBy, ...station } = found as Partial<RetiredStation> & StationRecord
  const actor = await actorNamer()
  const content = (await contentStations(event)).find(record => record.id === station.id) ?? null
  const override = await overrides.get(station.id)
  const addition = content ? undefined : await additions.get(station.id)
  return {
    station,
    retired: retiredAt && retiredBy ? { at: retiredAt, by: actor(retiredBy) } : null,
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

/** Adds a station from `POST /api/admin/stations` (an addition, like an accepted proposal) and returns it. */
export async function createStation(event: H3Event, staff: StaffMember, body: StationCreate): Promise<StationRecord> {
  const { reason, id: wanted, ...fields } = body
  assertMayActIn(staff, fields.district)
  const write = await planStationAddition(event, Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)), { wanted, fallback: `station-${crypto.randomUUID().slice(0, 8)}` })
  const { station } = await useStores().transaction(tx => write(tx, { actor: staff.id, reason, action: 'create' }))
  return station
}

/**
 * Takes a station off the public map, the API and open data (`retire`), or puts it back (`restore`);
 * the audit log keeps both. 409 when it already is in that state (the store says, in the transaction).
 */
export async function setRetired(event: H3Event, staff: StaffMember, station: StationRecord | RetiredStation, retire: boolean, reason: string): Promise<AdminStation> {
  const now = new Date()
  await useStores().transaction(async (tx) => {
    const changed = retire ? await tx.retirements.retire(station.id, staff.id, now) : await tx.retirements.restore(station.id)
    if (!changed) throw apiError(409, retire ? 'STATION_RETIRED' : 'STATION_NOT_RETIRED', retire ? '这个站点已经下线' : '这个站点没有下线', { id: station.id })
    await tx.audit.write({ actor: staff.id, entity: 'station', entityId: station.id, action: retire ? 'retire' : 'restore', before: { retired: !retire }, after: { retired: retire }, reason }, now)
  })
  return adminStation(event, await requireAnyStation(event, station.id))
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
