import { sql, type Kysely } from 'kysely'
import { createTable, type Dialect } from './helpers'

/**
 * Places imported in bulk (`npm run data:import -- FILE.csv --to database`, issue 10): a national
 * dataset of 186,100 places lives here, not in content files, so the build does not grow with it.
 * One row per place, keyed by a stable id (the file's 编号, else a hash of name and position), so a
 * second import of the same file updates rows instead of adding them. Staff edits and retirements of
 * an imported place go where every station's do (station_overrides, station_retirements): a later
 * import replaces the file's record underneath, and staff's edited fields stay on top.
 *
 * Not station_additions: those are single stations staff decided on, each with its audit row and an
 * id never reused; these belong to a file, are written 1,000 to a transaction and replaced by the
 * next import of that file. The 'imports' change counter moves once per import, so instances reload
 * the 186,100 rows after an import, not after every staff edit.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect) {
  await createTable(db, dialect, 'imported_places', table => table
    .addColumn('id', 'text', col => col.primaryKey())
    .addColumn('record', 'text', col => col.notNull()) // JSON: a station record the importer checked against StationSchema
    .addColumn('initials', 'text', col => col.notNull()) // pinyin initials of the name, computed once at import
    .addColumn('source_file', 'text', col => col.notNull())
    .addColumn('source_line', 'integer', col => col.notNull())
    .addColumn('imported_at', 'text', col => col.notNull())
    .addColumn('updated_at', 'text', col => col.notNull()))
  await sql`INSERT INTO change_counters (name, version) VALUES ('imports', 1)`.execute(db)
}
