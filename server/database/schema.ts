import type { ColumnType, Expression, Generated } from 'kysely'
import type { StaffRole } from '../../shared/schemas/admin'
import type { SuggestionKind, SuggestionStatus, UnverifiedReason } from '../../shared/schemas/suggestion'
import type { District } from '../../shared/utils/vocabulary'

// The tables as Kysely sees them: the same columns in SQLite and PostgreSQL. Instants are ISO 8601
// text (`toISOString()`, so text order is time order) and JSON is text, in both databases.

export interface SuggestionsTable {
  /** Client-generated UUID: the idempotency key. */
  id: string
  kind: SuggestionKind
  station_id: string | null
  status: ColumnType<SuggestionStatus, SuggestionStatus | undefined, SuggestionStatus>
  /** The validated suggestion without its contact, as JSON. */
  body: string
  /** Tells a retry from a reused key. */
  body_hash: string
  contact: string | null
  created_at: string
  reviewed_by: string | null
  reviewed_at: string | null
  review_reason: string | null
  duplicate_of: string | null
  client_hash: string | null
  /**
   * The district it concerns: its station's (moved with the station), or the one nearest a proposal's
   * position. Inserted as a subquery for a station's (station_districts); null until that is known.
   */
  district: ColumnType<District | null, District | null | Expression<District | null> | undefined, District | null>
  /** A new-station proposal's position (WGS-84), to find proposals near each other; null for the others. */
  lat: ColumnType<number | null, number | null | undefined, number | null>
  lng: ColumnType<number | null, number | null | undefined, number | null>
  /** Why it is marked for review (no, a forged or an expired form token); null: the token checked out. */
  unverified: ColumnType<UnverifiedReason | null, UnverifiedReason | null | undefined, UnverifiedReason | null>
  /** 1: a confirm that counts on the public station page (one per station, sender network and day). */
  counted: ColumnType<number, number | undefined, number>
}

export interface StaffTable {
  id: string
  email: string
  password_hash: string
  role: StaffRole
  district: District | null
  disabled_at: string | null
  created_at: string
}

export interface StaffSessionsTable {
  id: string
  staff_id: string
  created_at: string
  last_seen_at: string
  revoked_at: string | null
}

export interface StationOverridesTable {
  station_id: string
  /** JSON: a partial station; null removes a field. */
  fields: string
  updated_at: string
  updated_by: string
}

export interface StationAdditionsTable {
  id: string
  /** JSON: a full station record. */
  record: string
  created_at: string
  created_by: string
  retired_at: string | null
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  actor: string
  entity: 'station' | 'suggestion' | 'staff'
  entity_id: string
  action: string
  before: string | null
  after: string | null
  reason: string | null
  suggestion_id: string | null
  /** The spreadsheet import a station change belongs to (station_imports.id). */
  batch_id: ColumnType<string | null, string | null | undefined, string | null>
}

export interface SettingsTable {
  key: string
  value: string
}

/** The newest `confirm` per station, kept as suggestions arrive and are reviewed. */
export interface StationConfirmationsTable {
  station_id: string
  last_at: string
}

/** The district of each station suggestions were sent about, as the app last saw it (migration 0007). */
export interface StationDistrictsTable {
  station_id: string
  district: District
}

/** Per station and sender network (a keyed hash), the Beijing day of its last counted confirm. */
export interface StationConfirmersTable {
  station_id: string
  sender: string
  last_day: string
  suggestion_id: string
}

export interface StationRetirementsTable {
  station_id: string
  retired_at: string
  retired_by: string
}

export type StationImportStatus = 'preview' | 'applied' | 'undone'

/** A spreadsheet import: its checked plan, and whether it was applied or undone. */
export interface StationImportsTable {
  id: string
  file_name: string
  status: StationImportStatus
  /** JSON: the preview with the records to write. */
  plan: string
  /** JSON: counts for the list of imports. */
  summary: string
  created_at: string
  created_by: string
  /** JSON: the spreadsheet rows written. */
  applied_lines: string | null
  applied_at: string | null
  applied_by: string | null
  undone_at: string | null
  undone_by: string | null
}

/** Bumped in the transaction of every change to what the public sees, so each instance knows when to reload. */
export interface ChangeCountersTable {
  name: ChangeCounter
  version: number
}

/**
 * 'stations': content overrides, additions, retirements; 'confirmations': public confirmations;
 * 'imports': the imported places (moves once per import, migration 0009).
 */
export type ChangeCounter = 'stations' | 'confirmations' | 'imports'

/** A place imported in bulk (migration 0009): the checked record, keyed by a stable id. */
export interface ImportedPlacesTable {
  id: string
  /** JSON: a station record checked against StationSchema. */
  record: string
  initials: string
  source_file: string
  source_line: number
  imported_at: string
  updated_at: string
}

export interface DatabaseSchema {
  suggestions: SuggestionsTable
  staff: StaffTable
  staff_sessions: StaffSessionsTable
  station_overrides: StationOverridesTable
  station_additions: StationAdditionsTable
  station_retirements: StationRetirementsTable
  station_imports: StationImportsTable
  audit_log: AuditLogTable
  settings: SettingsTable
  station_confirmations: StationConfirmationsTable
  station_districts: StationDistrictsTable
  station_confirmers: StationConfirmersTable
  change_counters: ChangeCountersTable
  imported_places: ImportedPlacesTable
}
