import type { ChangeCounter } from '../schema'
import { createAuditLog, type AuditLog } from './audit'
import { atomic, type Executor, type OnCommit } from './executor'
import { createImportedPlaceStore, type ImportedPlaceStore } from './imported-places'
import { createImportStore, type ImportStore } from './imports'
import { createStaffSessionStore, createStaffStore, type StaffSessionStore, type StaffStore } from './staff'
import { createStationAdditionStore, createStationOverrideStore, createStationRetirementStore, type StationAdditionStore, type StationOverrideStore, type StationRetirementStore } from './stations'
import { createSuggestionStore, type SuggestionStore } from './suggestions'

export type { AuditEntity, AuditLog, AuditRecord, StoredAuditRecord } from './audit'
export type { NewStaff, SessionLimits, StaffChanges, StaffCredentials, StaffSessionStore, StaffStore } from './staff'
export type { StationAddition, StationAdditionStore, StationOverride, StationOverrideStore, StationRetirement, StationRetirementStore } from './stations'
export type { NewSuggestion, PersonalDataCutoffs, PersonalDataRemoved, SaveResult, StoredSuggestion, SuggestionFilter, SuggestionReview, SuggestionStore } from './suggestions'
export type { Box, BurstQuery, ClientBurst, Page, PendingProposal, PendingSuggestion, ProblemReports, QueueFilter, QueuePage, Range, StationBurst, SuggestionQueries } from './suggestion-queries'
export type { OnCommit } from './executor'
export type { ImportListing, ImportStore, StoredImport } from './imports'
export type { ImportCounts, ImportedPlaceRow, ImportedPlaceStore, PlaceImportSession, StagedPlace } from './imported-places'
export { withPlaceImport } from './imported-places'
export { suggestionHash } from './suggestions'

/** Small values the app keeps for itself (when retention last ran). */
export interface SettingStore {
  get(key: string): Promise<string | undefined>
  /** Writes a value; inside a transaction, a second writer of the same key waits for it to end. */
  set(key: string, value: string): Promise<void>
}

/** The counters that move with every change the public sees: an instance compares them to its cache. */
export interface ChangeCounterStore {
  versions(): Promise<Record<ChangeCounter, number>>
}

/**
 * Every store of the app over one database (SQLite or PostgreSQL: the queries are the same), and a
 * way to make several writes one change (a review updates the suggestion, the station and the audit
 * log, or nothing). Every method is async.
 */
export interface Stores {
  staff: StaffStore
  sessions: StaffSessionStore
  suggestions: SuggestionStore
  overrides: StationOverrideStore
  additions: StationAdditionStore
  retirements: StationRetirementStore
  audit: AuditLog
  imports: ImportStore
  /** Places imported in bulk (`data:import --to database`). */
  imported: ImportedPlaceStore
  settings: SettingStore
  changes: ChangeCounterStore
  /**
   * Runs `work` with stores bound to one transaction: every write in it lands, or none does. Inside
   * a transaction already, it joins it. Keep `work` to database calls: on SQLite it holds the only
   * connection until it ends.
   */
  transaction<T>(work: (tx: Stores) => Promise<T>): Promise<T>
}

/**
 * The stores over a database or a transaction. `onCommit` hears which change counters a committed
 * transaction moved (the server refreshes its station cache at once instead of at the next check).
 */
export function createStores(db: Executor, onCommit?: OnCommit): Stores {
  return {
    staff: createStaffStore(db),
    sessions: createStaffSessionStore(db),
    suggestions: createSuggestionStore(db, onCommit),
    overrides: createStationOverrideStore(db, onCommit),
    additions: createStationAdditionStore(db, onCommit),
    retirements: createStationRetirementStore(db, onCommit),
    audit: createAuditLog(db),
    imports: createImportStore(db),
    imported: createImportedPlaceStore(db),
    settings: {
      async get(key) {
        return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value
      },
      async set(key, value) {
        await db.insertInto('settings').values({ key, value }).onConflict(oc => oc.column('key').doUpdateSet({ value })).execute()
      },
    },
    changes: {
      async versions() {
        const rows = await db.selectFrom('change_counters').selectAll().execute()
        return Object.fromEntries(rows.map(row => [row.name, Number(row.version)])) as Record<ChangeCounter, number>
      },
    },
    transaction(work) {
      return db.isTransaction ? work(this) : atomic(db, trx => work(createStores(trx)), onCommit)
    },
  }
}
