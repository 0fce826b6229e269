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
        body TEXT NOT NULL,               -- the validated suggestion as JSON (text as sent, ends trimmed)
        body_hash TEXT NOT NULL,          -- to tell a retry from a reused key
        contact TEXT,                     -- never shown publicly
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX suggestions_station ON suggestions (station_id, kind, created_at);
      CREATE INDEX suggestions_created ON suggestions (created_at);
    `,
  },
  {
    version: 2,
    name: 'staff workspace: accounts, sessions, station overlay, audit log, suggestion review',
    sql: `
      CREATE TABLE staff (
        id TEXT PRIMARY KEY,              -- UUID
        email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash TEXT NOT NULL,      -- $scrypt$ln=..,r=..,p=..$salt$hash (server/utils/password.ts)
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
        district TEXT,                    -- NULL: every district; else one of DISTRICT_NAMES (checked in code)
        disabled_at TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      -- A sealed cookie cannot be taken back, so each sign-in has a row that logout or disabling revokes.
      CREATE TABLE staff_sessions (
        id TEXT PRIMARY KEY,              -- random, carried inside the sealed cookie
        staff_id TEXT NOT NULL REFERENCES staff (id),
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;
      CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

      -- Live edits laid over the content dataset, merged into GET /api/stations.
      CREATE TABLE station_overrides (
        station_id TEXT PRIMARY KEY,
        fields TEXT NOT NULL,             -- JSON: a partial station (StationEditSchema fields); null removes a field
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL          -- staff id or 'system'
      ) STRICT;

      -- Stations added from accepted new-station proposals, until the next release carries them as files.
      CREATE TABLE station_additions (
        id TEXT PRIMARY KEY,              -- the station id
        record TEXT NOT NULL,             -- JSON: a full StationSchema record
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        retired_at TEXT
      ) STRICT;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,              -- staff id or 'system'
        entity TEXT NOT NULL CHECK (entity IN ('station', 'suggestion', 'staff')),
        entity_id TEXT NOT NULL,
        action TEXT NOT NULL,
        before TEXT,                      -- JSON
        after TEXT,                       -- JSON
        reason TEXT,
        suggestion_id TEXT                -- the suggestion a station change came from
      ) STRICT;
      CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

      ALTER TABLE suggestions ADD COLUMN reviewed_by TEXT;
      ALTER TABLE suggestions ADD COLUMN reviewed_at TEXT;
      ALTER TABLE suggestions ADD COLUMN review_reason TEXT;
      ALTER TABLE suggestions ADD COLUMN duplicate_of TEXT;
      -- HMAC of the sender's address with the secret below, for burst detection; never the address.
      ALTER TABLE suggestions ADD COLUMN client_hash TEXT;
      CREATE INDEX suggestions_client ON suggestions (client_hash, created_at);
      CREATE INDEX suggestions_status ON suggestions (status, created_at);

      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      INSERT INTO settings (key, value) VALUES ('client_hash_secret', lower(hex(randomblob(32))));
    `,
  },
]
