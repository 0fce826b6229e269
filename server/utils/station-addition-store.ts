import type Database from 'better-sqlite3'
import type { StationInput } from '../../shared/schemas/station'

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
  active(): StationAddition[]
  /** One addition by id, retired or not. */
  get(id: string): StationAddition | undefined
  /** Adds a station; false when the id is taken (by any addition, retired or not). */
  add(id: string, record: StationInput, by: string, now?: Date): boolean
  retire(id: string, now?: Date): void
}

interface Row { id: string, record: string, created_at: string, created_by: string, retired_at: string | null }

const addition = (row: Row): StationAddition => ({
  id: row.id, record: JSON.parse(row.record), createdAt: row.created_at, createdBy: row.created_by, retiredAt: row.retired_at,
})

export function createSqliteStationAdditionStore(db: Database.Database): StationAdditionStore {
  const active = db.prepare<[], Row>('SELECT * FROM station_additions WHERE retired_at IS NULL ORDER BY created_at, id')
  const byId = db.prepare<[string], Row>('SELECT * FROM station_additions WHERE id = ?')
  const insert = db.prepare('INSERT INTO station_additions (id, record, created_at, created_by) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
  const retire = db.prepare('UPDATE station_additions SET retired_at = ? WHERE id = ? AND retired_at IS NULL')

  return {
    active() {
      return active.all().map(addition)
    },
    get(id) {
      const row = byId.get(id)
      return row && addition(row)
    },
    add(id, record, by, now = new Date()) {
      return insert.run(id, JSON.stringify(record), now.toISOString(), by).changes === 1
    },
    retire(id, now = new Date()) {
      retire.run(now.toISOString(), id)
    },
  }
}
