import { sql, type Kysely } from 'kysely'
import { createTable, releasedSqliteVersion, type Dialect } from './helpers'

/** Suggestions from the public. */
export async function up(db: Kysely<unknown>, dialect: Dialect) {
  if (await releasedSqliteVersion(db, dialect) >= 1) return
  await createTable(db, dialect, 'suggestions', table => table
    .addColumn('id', 'text', col => col.primaryKey()) // client-generated UUID, the idempotency key
    .addColumn('kind', 'text', col => col.notNull().check(sql`kind IN ('new-station', 'correction', 'problem', 'confirm')`))
    .addColumn('station_id', 'text') // NULL for new-station
    .addColumn('status', 'text', col => col.notNull().defaultTo('pending').check(sql`status IN ('pending', 'accepted', 'rejected', 'duplicate')`))
    .addColumn('body', 'text', col => col.notNull()) // the validated suggestion as JSON (text as sent, ends trimmed)
    .addColumn('body_hash', 'text', col => col.notNull()) // to tell a retry from a reused key
    .addColumn('contact', 'text') // never shown publicly
    .addColumn('created_at', 'text', col => col.notNull()))
  await db.schema.createIndex('suggestions_station').on('suggestions').columns(['station_id', 'kind', 'created_at']).execute()
  await db.schema.createIndex('suggestions_created').on('suggestions').column('created_at').execute()
}
