/**
 * Versioned schema migrations, applied in order on start. Never edit a released migration:
 * add a new one. `PRAGMA user_version` records the last one applied.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number, name: string, sql: string }> = [
  {
    version: 1,
    name: 'suggestions',
    sql: `
      CREATE TABLE suggestions (
        id TEXT PRIMARY KEY,              -- client-generated UUID, the idempotency key
        kind TEXT NOT NULL CHECK (kind IN ('new-station', 'correction', 'problem', 'confirm')),
        station_id TEXT,                  -- NULL for new-station
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'duplicate')),
        body TEXT NOT NULL,               -- the validated suggestion as JSON, text exactly as sent
        body_hash TEXT NOT NULL,          -- to tell a retry from a reused key
        contact TEXT,                     -- never shown publicly
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX suggestions_station ON suggestions (station_id, kind, created_at);
      CREATE INDEX suggestions_created ON suggestions (created_at);
    `,
  },
]
