import { sql, type Kysely } from 'kysely'
import { createTable, type Dialect } from './helpers'

/**
 * What several instances share besides the data itself: change counters (an instance reloads its
 * station cache when one moves), each station's last confirmation (kept as they arrive, by a trigger,
 * instead of a GROUP BY over every suggestion per request), and, on PostgreSQL, the rate-limit counters.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect) {
  await createTable(db, dialect, 'change_counters', table => table
    .addColumn('name', 'text', col => col.primaryKey())
    .addColumn('version', 'integer', col => col.notNull()))
  await sql`INSERT INTO change_counters (name, version) VALUES ('stations', 1), ('confirmations', 1)`.execute(db)

  await createTable(db, dialect, 'station_confirmations', table => table
    .addColumn('station_id', 'text', col => col.primaryKey())
    .addColumn('last_at', 'text', col => col.notNull()))
  await sql`INSERT INTO station_confirmations (station_id, last_at)
    SELECT station_id, max(created_at) FROM suggestions
    WHERE kind = 'confirm' AND status IN ('pending', 'accepted') AND station_id IS NOT NULL
    GROUP BY station_id`.execute(db)
  await createConfirmationTrigger(db, dialect)

  // rate-limiter-flexible's table (RateLimiterPostgres, created here so it can be UNLOGGED: a counter
  // is not worth a WAL flush, and losing the counters in a crash only resets the limits).
  if (dialect === 'postgres') {
    await sql`CREATE UNLOGGED TABLE rate_limits (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`.execute(db)
  }
}

/**
 * A new `confirm` moves its station's last confirmation and the 'confirmations' counter within the
 * INSERT itself, so storing a batch of suggestions is one statement (one round trip to PostgreSQL).
 * The counter is taken first: batches written at once then queue on it before holding any station's
 * row, and cannot deadlock. (Turning a confirmation down recounts in code: stores/suggestions.ts.)
 */
async function createConfirmationTrigger(db: Kysely<unknown>, dialect: Dialect) {
  if (dialect === 'sqlite') {
    await sql`CREATE TRIGGER suggestions_confirmation AFTER INSERT ON suggestions
      WHEN NEW.kind = 'confirm' AND NEW.station_id IS NOT NULL
      BEGIN
        UPDATE change_counters SET version = version + 1 WHERE name = 'confirmations';
        INSERT INTO station_confirmations (station_id, last_at) VALUES (NEW.station_id, NEW.created_at)
          ON CONFLICT (station_id) DO UPDATE SET last_at = excluded.last_at WHERE excluded.last_at > station_confirmations.last_at;
      END`.execute(db)
    return
  }
  await sql`CREATE FUNCTION note_confirmation() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE change_counters SET version = version + 1 WHERE name = 'confirmations';
      INSERT INTO station_confirmations (station_id, last_at) VALUES (NEW.station_id, NEW.created_at)
        ON CONFLICT (station_id) DO UPDATE SET last_at = excluded.last_at WHERE excluded.last_at > station_confirmations.last_at;
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE TRIGGER suggestions_confirmation AFTER INSERT ON suggestions
    FOR EACH ROW WHEN (NEW.kind = 'confirm' AND NEW.station_id IS NOT NULL)
    EXECUTE FUNCTION note_confirmation()`.execute(db)
}
