import type Database from 'better-sqlite3'

/** Live edits of one station: a partial station (`null` removes a field), laid over its content record. */
export interface StationOverride {
  stationId: string
  fields: Record<string, unknown>
  updatedAt: string
  updatedBy: string
}

/** Station overrides. A change replaces the station's override (the audit log keeps every earlier one). */
export interface StationOverrideStore {
  all(): Map<string, StationOverride>
  get(stationId: string): StationOverride | undefined
  put(stationId: string, fields: Record<string, unknown>, by: string, now?: Date): StationOverride
}

interface Row { station_id: string, fields: string, updated_at: string, updated_by: string }

const override = (row: Row): StationOverride => ({
  stationId: row.station_id, fields: JSON.parse(row.fields), updatedAt: row.updated_at, updatedBy: row.updated_by,
})

export function createSqliteStationOverrideStore(db: Database.Database): StationOverrideStore {
  const all = db.prepare<[], Row>('SELECT * FROM station_overrides')
  const byId = db.prepare<[string], Row>('SELECT * FROM station_overrides WHERE station_id = ?')
  const upsert = db.prepare(`INSERT INTO station_overrides (station_id, fields, updated_at, updated_by) VALUES (?, ?, ?, ?)
    ON CONFLICT (station_id) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)

  return {
    all() {
      return new Map(all.all().map(row => [row.station_id, override(row)]))
    },
    get(stationId) {
      const row = byId.get(stationId)
      return row && override(row)
    },
    put(stationId, fields, by, now = new Date()) {
      upsert.run(stationId, JSON.stringify(fields), now.toISOString(), by)
      return override(byId.get(stationId)!)
    },
  }
}
