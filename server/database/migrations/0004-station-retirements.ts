import type { Kysely } from 'kysely'
import { createTable, type Dialect } from './helpers'

/**
 * Stations staff retired: off the public map, the API and open data, kept in the audit log. One row
 * per retired station, content record or addition alike; restoring deletes the row. A content record
 * stays retired across restarts and releases until `data:export` removes its file.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect) {
  await createTable(db, dialect, 'station_retirements', table => table
    .addColumn('station_id', 'text', col => col.primaryKey())
    .addColumn('retired_at', 'text', col => col.notNull())
    .addColumn('retired_by', 'text', col => col.notNull())) // staff id or 'system'
}
