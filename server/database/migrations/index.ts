import type { Kysely, Migration } from 'kysely'
import type { Dialect } from './helpers'
import * as m0001 from './0001-suggestions'
import * as m0002 from './0002-staff-workspace'
import * as m0003 from './0003-shared-state'
import * as m0004 from './0004-station-retirements'
import * as m0005 from './0005-station-imports'
import * as m0006 from './0006-confirm-checks'
import * as m0007 from './0007-suggestion-district'
import * as m0008 from './0008-district-codes'
import * as m0009 from './0009-imported-places'

export type { Dialect } from './helpers'

/**
 * The schema's history, applied in name order, each migration once. Never edit a released one:
 * add a new one. The same migrations build both databases; a few lines say where they differ.
 */
const MIGRATIONS: Record<string, { up: (db: Kysely<unknown>, dialect: Dialect) => Promise<void> }> = {
  '0001-suggestions': m0001,
  '0002-staff-workspace': m0002,
  '0003-shared-state': m0003,
  '0004-station-retirements': m0004,
  '0005-station-imports': m0005,
  '0006-confirm-checks': m0006,
  '0007-suggestion-district': m0007,
  '0008-district-codes': m0008,
  '0009-imported-places': m0009,
}

/** The migrations for one dialect, as Kysely's Migrator takes them. */
export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, migration]) => [name, { up: db => migration.up(db, dialect) }]))
}
