import type { Selectable } from 'kysely'
import type { StationInput } from '../../../shared/schemas/station'
import type { StationAdditionsTable, StationOverridesTable } from '../schema'
import { atomic, bumpCounter, type Executor, type OnCommit } from './executor'

/** Live edits of one station: a partial station (`null` removes a field), laid over its content record. */
export interface StationOverride {
  stationId: string
  fields: Record<string, unknown>
  updatedAt: string
  updatedBy: string
}

/** Station overrides. A change replaces the station's override (the audit log keeps every earlier one). */
export interface StationOverrideStore {
  all(): Promise<Map<string, StationOverride>>
  get(stationId: string): Promise<StationOverride | undefined>
  put(stationId: string, fields: Record<string, unknown>, by: string, now?: Date): Promise<StationOverride>
}

const override = (row: Selectable<StationOverridesTable>): StationOverride => ({
  stationId: row.station_id, fields: JSON.parse(row.fields), updatedAt: row.updated_at, updatedBy: row.updated_by,
})

export function createStationOverrideStore(db: Executor, onCommit?: OnCommit): StationOverrideStore {
  return {
    async all() {
      const rows = await db.selectFrom('station_overrides').selectAll().execute()
      return new Map(rows.map(row => [row.station_id, override(row)]))
    },
    async get(stationId) {
      const row = await db.selectFrom('station_overrides').selectAll().where('station_id', '=', stationId).executeTakeFirst()
      return row && override(row)
    },
    put(stationId, fields, by, now = new Date()) {
      const values = { fields: JSON.stringify(fields), updated_at: now.toISOString(), updated_by: by }
      return atomic(db, async (trx) => {
        const row = await trx.insertInto('station_overrides').values({ station_id: stationId, ...values })
          .onConflict(oc => oc.column('station_id').doUpdateSet(values))
          .returningAll().executeTakeFirstOrThrow()
        await bumpCounter(trx, 'stations')
        return override(row)
      }, onCommit)
    },
  }
}

/** A station added from an accepted new-station proposal: a full station record, until a release carries it as a file. */
export interface StationAddition {
  id: string
  record: StationInput
  createdAt: string
  createdBy: string
  retiredAt: string | null
}

/** Stations added by staff. Nothing is deleted: an addition is retired. */
export interface StationAdditionStore {
  /** Additions that are not retired, oldest first. */
  active(): Promise<StationAddition[]>
  /** One addition by id, retired or not. */
  get(id: string): Promise<StationAddition | undefined>
  /** Every addition's id, retired ones too: an id is never given twice. */
  ids(): Promise<Set<string>>
  /** Adds a station; false when the id is taken (by any addition, retired or not). */
  add(id: string, record: StationInput, by: string, now?: Date): Promise<boolean>
  retire(id: string, now?: Date): Promise<void>
}

const addition = (row: Selectable<StationAdditionsTable>): StationAddition => ({
  id: row.id, record: JSON.parse(row.record), createdAt: row.created_at, createdBy: row.created_by, retiredAt: row.retired_at,
})

export function createStationAdditionStore(db: Executor, onCommit?: OnCommit): StationAdditionStore {
  return {
    async active() {
      const rows = await db.selectFrom('station_additions').selectAll().where('retired_at', 'is', null).orderBy('created_at').orderBy('id').execute()
      return rows.map(addition)
    },
    async get(id) {
      const row = await db.selectFrom('station_additions').selectAll().where('id', '=', id).executeTakeFirst()
      return row && addition(row)
    },
    async ids() {
      return new Set((await db.selectFrom('station_additions').select('id').execute()).map(row => row.id))
    },
    add(id, record, by, now = new Date()) {
      return atomic(db, async (trx) => {
        const added = await trx.insertInto('station_additions')
          .values({ id, record: JSON.stringify(record), created_at: now.toISOString(), created_by: by })
          .onConflict(oc => oc.column('id').doNothing()).returning('id').executeTakeFirst()
        if (added) await bumpCounter(trx, 'stations')
        return !!added
      }, onCommit)
    },
    retire(id, now = new Date()) {
      return atomic(db, async (trx) => {
        const retired = await trx.updateTable('station_additions').set({ retired_at: now.toISOString() })
          .where('id', '=', id).where('retired_at', 'is', null).returning('id').executeTakeFirst()
        if (retired) await bumpCounter(trx, 'stations')
      }, onCommit)
    },
  }
}

/** When and by whom a station was retired. */
export interface StationRetirement {
  stationId: string
  retiredAt: string
  retiredBy: string
}

/** Retired stations: off the public map until restored. */
export interface StationRetirementStore {
  all(): Promise<Map<string, StationRetirement>>
  /** Retires a station; false when it already is. */
  retire(stationId: string, by: string, now?: Date): Promise<boolean>
  /** Restores a station; false when it was not retired. */
  restore(stationId: string): Promise<boolean>
}

export function createStationRetirementStore(db: Executor, onCommit?: OnCommit): StationRetirementStore {
  return {
    async all() {
      const rows = await db.selectFrom('station_retirements').selectAll().execute()
      return new Map(rows.map(row => [row.station_id, { stationId: row.station_id, retiredAt: row.retired_at, retiredBy: row.retired_by }]))
    },
    retire(stationId, by, now = new Date()) {
      return atomic(db, async (trx) => {
        const row = await trx.insertInto('station_retirements').values({ station_id: stationId, retired_at: now.toISOString(), retired_by: by })
          .onConflict(oc => oc.column('station_id').doNothing()).returning('station_id').executeTakeFirst()
        if (row) await bumpCounter(trx, 'stations')
        return Boolean(row)
      }, onCommit)
    },
    restore(stationId) {
      return atomic(db, async (trx) => {
        const row = await trx.deleteFrom('station_retirements').where('station_id', '=', stationId).returning('station_id').executeTakeFirst()
        if (row) await bumpCounter(trx, 'stations')
        return Boolean(row)
      }, onCommit)
    },
  }
}
