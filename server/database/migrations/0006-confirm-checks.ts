import { sql, type Kysely } from 'kysely'
import { createTable, type Dialect } from './helpers'

/**
 * Bot checks on the server (issue 11). A suggestion says why it is marked for review (no form token,
 * a token the server did not sign, or one older than a day), and a confirm whether it counts on the
 * public station page: one per station per sender network per day, from a form the server vouched
 * for. `station_confirmers` keeps, per station and sender network, the day of its last counted
 * confirm, for the count of people in the last 30 days and for the one-a-day rule.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect) {
  await db.schema.alterTable('suggestions')
    .addColumn('unverified', 'text', col => col.check(sql`unverified IN ('no-token', 'bad-token', 'expired-token')`))
    .execute()
  // 0/1: a boolean both databases store alike (STRICT SQLite has no boolean type).
  await db.schema.alterTable('suggestions')
    .addColumn('counted', 'integer', col => col.notNull().defaultTo(0).check(sql`counted IN (0, 1)`))
    .execute()
  // Confirms from before these checks keep counting as they did, so a rejection recounts the same way.
  await sql`UPDATE suggestions SET counted = 1 WHERE kind = 'confirm' AND status IN ('pending', 'accepted') AND station_id IS NOT NULL`.execute(db)

  // Every confirm moved the public date by trigger (0003); which ones count is decided in code now,
  // in the same transaction (server/database/stores/suggestions.ts).
  if (dialect === 'sqlite') {
    await sql`DROP TRIGGER IF EXISTS suggestions_confirmation`.execute(db)
  }
  else {
    await sql`DROP TRIGGER IF EXISTS suggestions_confirmation ON suggestions`.execute(db)
    await sql`DROP FUNCTION IF EXISTS note_confirmation()`.execute(db)
  }

  await createTable(db, dialect, 'station_confirmers', table => table
    .addColumn('station_id', 'text', col => col.notNull())
    .addColumn('sender', 'text', col => col.notNull()) // HMAC of station and network (server/utils/suggestions/confirmations.ts)
    .addColumn('last_day', 'text', col => col.notNull()) // Beijing date of its last counted confirm
    .addColumn('suggestion_id', 'text', col => col.notNull()) // that confirm: turning it down removes the row
    .addPrimaryKeyConstraint('station_confirmers_pkey', ['station_id', 'sender']))
  await db.schema.createIndex('station_confirmers_day').on('station_confirmers').column('last_day').execute()
  await db.schema.createIndex('station_confirmers_suggestion').on('station_confirmers').column('suggestion_id').execute()
}
