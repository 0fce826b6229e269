import { sql, type Kysely } from 'kysely'
import type { DatabaseSchema } from '../schema'
import { bumpCounter, type Executor, type OnCommit } from './executor'

/** A place imported in bulk, as the loader reads it: the record still as JSON (parsed by the caller). */
export interface ImportedPlaceRow {
  id: string
  record: string
  initials: string
}

/** Imported places as a file gave them (migration 0009); staff's edits are overrides on top. */
export interface ImportedPlaceStore {
  /** Every imported place, read in pages of `pageSize` by id (memory stays one page of rows). */
  each(visit: (row: ImportedPlaceRow) => void, pageSize?: number): Promise<number>
  get(id: string): Promise<ImportedPlaceRow | undefined>
  has(id: string): Promise<boolean>
  count(): Promise<number>
}

export function createImportedPlaceStore(db: Executor): ImportedPlaceStore {
  return {
    // 1,000 rows a page: rows of a bigger page lived long enough to be moved to the old generation
    // among the records being kept, and the server held 80 MB more heap after loading 186,100 (issue 10).
    async each(visit, pageSize = 1000) {
      let after = ''
      let seen = 0
      for (;;) {
        const rows = await db.selectFrom('imported_places').select(['id', 'record', 'initials'])
          .where('id', '>', after).orderBy('id').limit(pageSize).execute()
        for (const row of rows) visit(row)
        seen += rows.length
        if (rows.length < pageSize) return seen
        after = rows.at(-1)!.id
      }
    },
    async get(id) {
      return db.selectFrom('imported_places').select(['id', 'record', 'initials']).where('id', '=', id).executeTakeFirst()
    },
    async has(id) {
      return !!(await db.selectFrom('imported_places').select('id').where('id', '=', id).executeTakeFirst())
    },
    async count() {
      const row = await db.selectFrom('imported_places').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      return Number(row.n)
    },
  }
}

/** A checked row on its way into imported_places. */
export interface StagedPlace {
  id: string
  /** JSON of the checked station record. */
  record: string
  initials: string
  /** County code or name, as the record's district (for station_districts). */
  district: string
  line: number
}

export interface ImportCounts {
  /** Rows whose id is not in the database yet. */
  added: number
  /** Rows whose id is there with another record. */
  changed: number
  /** Rows the database already holds as they are. */
  unchanged: number
}

/**
 * One bulk import on one connection: checked rows are staged in a temporary table (nothing anyone
 * else reads, so a bad row found late leaves the database as it was), then merged into
 * imported_places `batchSize` rows per transaction, so a live server's own writes wait for one
 * batch at most, never for the whole file. The last batch moves the 'imports' counter: every
 * instance reloads the imported places once, after the import.
 */
export interface PlaceImportSession {
  stage(rows: readonly StagedPlace[]): Promise<void>
  counts(): Promise<ImportCounts>
  merge(sourceFile: string, options?: { batchSize?: number, now?: Date, onBatch?: (done: number, total: number) => void }): Promise<ImportCounts>
}

const STAGE_COLUMNS = 5

/**
 * Runs `work` with an import session on one connection of `db` (a temporary table lives on one
 * connection; PostgreSQL's pool has several). The staging table is gone when `work` ends.
 */
export async function withPlaceImport<T>(db: Kysely<DatabaseSchema>, dialect: 'sqlite' | 'postgres', work: (session: PlaceImportSession) => Promise<T>, onCommit?: OnCommit): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`DROP TABLE IF EXISTS temp_place_import`.execute(conn)
    // n: the staging order, so batches are ranges of it.
    await sql.raw(dialect === 'sqlite'
      ? 'CREATE TEMP TABLE temp_place_import (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL, initials TEXT NOT NULL, district TEXT NOT NULL, line INTEGER NOT NULL)'
      : 'CREATE TEMP TABLE temp_place_import (n SERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL, initials TEXT NOT NULL, district TEXT NOT NULL, line INTEGER NOT NULL)').execute(conn)
    const session: PlaceImportSession = {
      async stage(rows) {
        if (!rows.length) return
        // One multi-row INSERT per slice (SQLite takes 32,766 parameters a statement, PostgreSQL 65,535).
        const slice = Math.floor(30_000 / STAGE_COLUMNS)
        for (let i = 0; i < rows.length; i += slice) {
          const part = rows.slice(i, i + slice)
          const values = sql.join(part.map(row => sql`(${row.id}, ${row.record}, ${row.initials}, ${row.district}, ${row.line})`))
          await sql`INSERT INTO temp_place_import (id, record, initials, district, line) VALUES ${values}`.execute(conn)
        }
      },
      async counts() {
        const { rows } = await sql<{ added: number, changed: number, unchanged: number }>`
          SELECT
            sum(CASE WHEN p.id IS NULL THEN 1 ELSE 0 END) AS added,
            sum(CASE WHEN p.id IS NOT NULL AND p.record <> s.record THEN 1 ELSE 0 END) AS changed,
            sum(CASE WHEN p.record = s.record THEN 1 ELSE 0 END) AS unchanged
          FROM temp_place_import s LEFT JOIN imported_places p ON p.id = s.id`.execute(conn)
        const row = rows[0]
        return { added: Number(row?.added ?? 0), changed: Number(row?.changed ?? 0), unchanged: Number(row?.unchanged ?? 0) }
      },
      async merge(sourceFile, { batchSize = 1000, now = new Date(), onBatch } = {}) {
        const counts = await session.counts()
        const at = now.toISOString()
        const { rows: bounds } = await sql<{ low: number | null, high: number | null }>`SELECT min(n) AS low, max(n) AS high FROM temp_place_import`.execute(conn)
        const low = Number(bounds[0]?.low ?? 1)
        const high = Number(bounds[0]?.high ?? 0)
        const changed = new Set<'imports'>()
        for (let from = low; from <= high; from += batchSize) {
          const to = Math.min(high, from + batchSize - 1)
          await conn.transaction().execute(async (trx) => {
            // Unchanged rows are left alone: their updated_at says when the file last changed them.
            await sql`INSERT INTO imported_places (id, record, initials, source_file, source_line, imported_at, updated_at)
              SELECT id, record, initials, ${sourceFile}, line, ${at}, ${at} FROM temp_place_import WHERE n BETWEEN ${from} AND ${to}
              ON CONFLICT (id) DO UPDATE SET record = excluded.record, initials = excluded.initials, source_file = excluded.source_file,
                source_line = excluded.source_line, updated_at = excluded.updated_at
              WHERE imported_places.record <> excluded.record OR imported_places.source_line <> excluded.source_line`.execute(trx)
            // Suggestions follow their station's district (migration 0007): a re-import that moves
            // a place moves its suggestions, and a server's first request finds every district known.
            await sql`INSERT INTO station_districts (station_id, district)
              SELECT id, district FROM temp_place_import WHERE n BETWEEN ${from} AND ${to}
              ON CONFLICT (station_id) DO UPDATE SET district = excluded.district WHERE station_districts.district <> excluded.district`.execute(trx)
            await sql`UPDATE suggestions SET district = (SELECT s.district FROM temp_place_import s WHERE s.id = suggestions.station_id)
              WHERE station_id IN (SELECT id FROM temp_place_import WHERE n BETWEEN ${from} AND ${to})
                AND (district IS NULL OR district <> (SELECT s.district FROM temp_place_import s WHERE s.id = suggestions.station_id))`.execute(trx)
            if (to === high && counts.added + counts.changed > 0) {
              await bumpCounter(trx as unknown as Executor, 'imports')
              changed.add('imports')
            }
          })
          onBatch?.(to - low + 1, high - low + 1)
        }
        if (changed.size) onCommit?.(changed)
        return counts
      },
    }
    try {
      return await work(session)
    }
    finally {
      await sql`DROP TABLE IF EXISTS temp_place_import`.execute(conn).catch(() => {})
    }
  })
}
