import { randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { createTable, releasedSqliteVersion, type Dialect } from './helpers'

/** The staff workspace: accounts, sessions, station overlay, audit log, suggestion review. */
export async function up(db: Kysely<unknown>, dialect: Dialect) {
  if (await releasedSqliteVersion(db, dialect) >= 2) return
  await createTable(db, dialect, 'staff', table => table
    .addColumn('id', 'text', col => col.primaryKey()) // UUID
    .addColumn('email', 'text', col => col.notNull().unique().check(sql`email = lower(email)`))
    .addColumn('password_hash', 'text', col => col.notNull()) // $scrypt$ln=..,r=..,p=..$salt$hash
    .addColumn('role', 'text', col => col.notNull().check(sql`role IN ('admin', 'editor')`))
    .addColumn('district', 'text') // NULL: every district; else a district (a county code since 0008, checked in code)
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', col => col.notNull()))

  // A sealed cookie cannot be taken back, so each sign-in has a row that logout or disabling revokes.
  await createTable(db, dialect, 'staff_sessions', table => table
    .addColumn('id', 'text', col => col.primaryKey()) // random, carried inside the sealed cookie
    .addColumn('staff_id', 'text', col => col.notNull().references('staff.id'))
    .addColumn('created_at', 'text', col => col.notNull())
    .addColumn('last_seen_at', 'text', col => col.notNull())
    .addColumn('revoked_at', 'text'))
  await db.schema.createIndex('staff_sessions_staff').on('staff_sessions').column('staff_id').execute()

  // Live edits laid over the content dataset, merged into GET /api/stations.
  await createTable(db, dialect, 'station_overrides', table => table
    .addColumn('station_id', 'text', col => col.primaryKey())
    .addColumn('fields', 'text', col => col.notNull()) // JSON: a partial station; null removes a field
    .addColumn('updated_at', 'text', col => col.notNull())
    .addColumn('updated_by', 'text', col => col.notNull())) // staff id or 'system'

  // Stations added from accepted new-station proposals, until the next release carries them as files.
  await createTable(db, dialect, 'station_additions', table => table
    .addColumn('id', 'text', col => col.primaryKey()) // the station id
    .addColumn('record', 'text', col => col.notNull()) // JSON: a full StationSchema record
    .addColumn('created_at', 'text', col => col.notNull())
    .addColumn('created_by', 'text', col => col.notNull())
    .addColumn('retired_at', 'text'))

  await createTable(db, dialect, 'audit_log', table => table
    .addColumn('id', dialect === 'sqlite' ? 'integer' : 'serial', col => (dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey()))
    .addColumn('at', 'text', col => col.notNull())
    .addColumn('actor', 'text', col => col.notNull()) // staff id or 'system'
    .addColumn('entity', 'text', col => col.notNull().check(sql`entity IN ('station', 'suggestion', 'staff')`))
    .addColumn('entity_id', 'text', col => col.notNull())
    .addColumn('action', 'text', col => col.notNull())
    .addColumn('before', 'text') // JSON
    .addColumn('after', 'text') // JSON
    .addColumn('reason', 'text')
    .addColumn('suggestion_id', 'text')) // the suggestion a station change came from
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id', 'id']).execute()

  await db.schema.alterTable('suggestions').addColumn('reviewed_by', 'text').execute()
  await db.schema.alterTable('suggestions').addColumn('reviewed_at', 'text').execute()
  await db.schema.alterTable('suggestions').addColumn('review_reason', 'text').execute()
  await db.schema.alterTable('suggestions').addColumn('duplicate_of', 'text').execute()
  // HMAC of the sender's address with the secret below, for burst detection; never the address.
  await db.schema.alterTable('suggestions').addColumn('client_hash', 'text').execute()
  await db.schema.createIndex('suggestions_client').on('suggestions').columns(['client_hash', 'created_at']).execute()
  await db.schema.createIndex('suggestions_status').on('suggestions').columns(['status', 'created_at']).execute()

  await createTable(db, dialect, 'settings', table => table
    .addColumn('key', 'text', col => col.primaryKey())
    .addColumn('value', 'text', col => col.notNull()))
  await sql`INSERT INTO settings (key, value) VALUES ('client_hash_secret', ${randomBytes(32).toString('hex')})`.execute(db)
}
