import type { H3Event } from 'h3'
import { ZodError } from 'zod'
import type { Stores } from '../../database/stores'
import { STATION_EDIT_KEYS, type StationEdit } from '#shared/schemas/admin'
import { StationSchema, type StationData, type StationInput } from '#shared/schemas/station'
import type { StationRecord } from '#shared/types/admin'

/** What an override is laid on: a content record, a station staff added, or an imported row (data:import --to database). */
export interface StationBase {
  id: string
  data: StationData
  origin: 'content' | 'addition' | 'import'
}

/** A station's base record, or undefined for an unknown (or retired) station. */
export async function findStationBase(event: H3Event, id: string): Promise<StationBase | undefined> {
  if ((await retiredStations(event)).has(id)) return undefined
  const content = (await contentStations(event)).find(station => station.id === id)
  if (content) return { id, data: withoutId(content)[1], origin: 'content' }
  const addition = await useStores().additions.get(id)
  if (addition && !addition.retiredAt) return { id, data: StationSchema.parse(addition.record), origin: 'addition' }
  // Edits of an imported place are overrides too: a later import of the file replaces the row beneath them.
  const imported = await useStores().imported.get(id)
  if (imported) return { id, data: StationSchema.parse(JSON.parse(imported.record)), origin: 'import' }
  return undefined
}

export interface StationChangeContext {
  actor: string
  reason?: string | null
  /** 'edit' for a direct change, 'accept-suggestion' when a review applies one. */
  action: string
  suggestionId?: string
  /** The spreadsheet import the change belongs to. */
  batchId?: string
  now?: Date
}

/** 400 VALIDATION_FAILED naming the fields of a station that would not be valid. */
export function invalidStation(error: ZodError, prefix = ''): never {
  validationFailed(error, '修改后的站点信息无效', prefix)
}

/**
 * Lays an edit over a station's current override, records it (override and audit row, with the
 * changed fields before and after) and returns the station as the public now sees it. Opening a
 * station again clears its closure note and date unless the edit sets them. Pass the stores of the
 * transaction that holds the writes belonging with it.
 */
export async function applyStationEdit(tx: Stores, base: StationBase, edit: StationEdit, context: StationChangeContext): Promise<{ station: StationRecord, changed: string[] }> {
  const { overrides, audit } = tx
  const now = context.now ?? new Date()
  const existing = (await overrides.get(base.id))?.fields ?? {}
  const change: Record<string, unknown> = Object.fromEntries(Object.entries(edit).filter(([key, value]) => value !== undefined && (STATION_EDIT_KEYS as string[]).includes(key)))
  if (change.status === 'open') {
    change.statusNote ??= null
    change.expectedReopen ??= null
  }
  const fields = { ...existing, ...change }
  let before: StationData
  let after: StationData
  try {
    before = applyOverride(base.data, existing)
  }
  catch {
    before = base.data // an override that no longer fits its content record is replaced
  }
  try {
    after = applyOverride(base.data, fields)
  }
  catch (error) {
    if (error instanceof ZodError) invalidStation(error)
    throw error
  }
  const valueOf = (data: StationData, key: string) => (data as Record<string, unknown>)[key] ?? null
  const changed = Object.keys(change).filter(key => JSON.stringify(valueOf(before, key)) !== JSON.stringify(valueOf(after, key)))
  if (changed.length) {
    await overrides.put(base.id, fields, context.actor, now)
    await audit.write({
      actor: context.actor,
      entity: 'station',
      entityId: base.id,
      action: context.action,
      before: Object.fromEntries(changed.map(key => [key, valueOf(before, key)])),
      after: Object.fromEntries(changed.map(key => [key, valueOf(after, key)])),
      reason: context.reason,
      suggestionId: context.suggestionId,
      batchId: context.batchId,
    }, now)
  }
  // The station's suggestions move with it: the queue and its district limits follow the station.
  if (changed.includes('district')) await tx.suggestions.setStationDistricts(new Map([[base.id, after.district]]))
  return { station: { ...after, id: base.id }, changed }
}

/**
 * A new station (an addition) ready to be written: its record checked against the station schema
 * (400 naming each field, after `issuePrefix`), its id the one asked for (409 when taken) or one made
 * from its name. The returned function adds it, with its audit row, in the caller's transaction.
 */
export async function planStationAddition(event: H3Event, input: Record<string, unknown>, ids: { wanted?: string, fallback: string }, issuePrefix = '') {
  let record: StationInput
  try {
    record = JSON.parse(JSON.stringify(StationSchema.parse(input)))
  }
  catch (error) {
    if (error instanceof ZodError) invalidStation(error, issuePrefix)
    throw error
  }
  const contentIds = new Set((await contentStations(event)).map(station => station.id))
  const addedIds = await useStores().additions.ids()
  // Imported places' ids too (data:import --to database), live or retired, from this instance's cache.
  const [live, retired] = await Promise.all([listStations(event), retiredStations(event)])
  const knownIds = new Set([...live.map(station => station.id), ...retired.keys()])
  const taken = (id: string) => contentIds.has(id) || addedIds.has(id) || knownIds.has(id)
  if (ids.wanted && taken(ids.wanted)) throw apiError(409, 'STATION_ID_TAKEN', '这个站点编号已被使用', { id: ids.wanted })
  const id = ids.wanted ?? newStationId(record.name, taken, ids.fallback)
  return (tx: Stores, context: StationChangeContext) => writeStationAddition(tx, id, record, context)
}

/** Adds a checked station record under `id`, with its audit row: 409 STATION_ID_TAKEN when the id is taken. */
export async function writeStationAddition(tx: Stores, id: string, record: StationInput, context: StationChangeContext): Promise<{ station: StationRecord, changed: string[] }> {
  const now = context.now ?? new Date()
  if (!(await tx.additions.add(id, record, context.actor, now))) throw apiError(409, 'STATION_ID_TAKEN', '这个站点编号已被使用', { id })
  await tx.audit.write({ actor: context.actor, entity: 'station', entityId: id, action: context.action, before: null, after: record, reason: context.reason, suggestionId: context.suggestionId, batchId: context.batchId }, now)
  // Suggestions about it may arrive before the next start-up records every station's district.
  await tx.suggestions.setStationDistricts(new Map([[id, record.district]]))
  return { station: { ...StationSchema.parse(record), id }, changed: Object.keys(record) }
}
