import type Database from 'better-sqlite3'
import { createSqliteAuditLog, type AuditLog } from './audit-log'
import { useDb } from './db'
import { createSqliteStaffSessionStore, type StaffSessionStore } from './staff-session-store'
import { createSqliteStaffStore, type StaffStore } from './staff-store'
import { createSqliteStationAdditionStore, type StationAdditionStore } from './station-addition-store'
import { createSqliteStationOverrideStore, type StationOverrideStore } from './station-override-store'
import { createSqliteSuggestionStore, type SuggestionStore } from './suggestion-store'

/**
 * Every store of the staff workspace over one database, and a way to make several writes one
 * change (a review updates the suggestion, the station and the audit log, or nothing).
 */
export interface Stores {
  staff: StaffStore
  sessions: StaffSessionStore
  suggestions: SuggestionStore
  overrides: StationOverrideStore
  additions: StationAdditionStore
  audit: AuditLog
  /** Runs `work` atomically: every write in it lands, or none does. */
  transaction<T>(work: () => T): T
}

export function createSqliteStores(db: Database.Database): Stores {
  return {
    staff: createSqliteStaffStore(db),
    sessions: createSqliteStaffSessionStore(db),
    suggestions: createSqliteSuggestionStore(db),
    overrides: createSqliteStationOverrideStore(db),
    additions: createSqliteStationAdditionStore(db),
    audit: createSqliteAuditLog(db),
    transaction: work => db.transaction(work)(),
  }
}

let stores: Stores | undefined

/** The configured stores (SQLite by default). */
export function useStores(): Stores {
  stores ??= createSqliteStores(useDb())
  return stores
}
