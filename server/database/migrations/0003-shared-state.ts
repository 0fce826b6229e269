import { sql, type Kysely } from 'kysely'
import { createTable, type Dialect } from './helpers'

/**
 * What several instances share besides the data itself: change counters (an instance reloads its
 * station cache when one moves), each station's last confirmation (kept as they arrive instead of a
 * GROUP BY over every suggestion per request), and, on PostgreSQL, the rate-limit counters.
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

  // rate-limiter-flexible's table (RateLimiterPostgres, created here so it can be UNLOGGED: a counter
  // is not worth a WAL flush, and losing the counters in a crash only resets the limits).
  if (dialect === 'postgres') {
    await sql`CREATE UNLOGGED TABLE rate_limits (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`.execute(db)
  }
}
