import type { Kysely } from 'kysely'
import type { ChangeCounter, DatabaseSchema } from '../schema'

/** The database, or one transaction in it: stores are made over either. */
export type Executor = Kysely<DatabaseSchema>

/** Told which change counters a transaction moved, once it has committed. */
export type OnCommit = (changed: ReadonlySet<ChangeCounter>) => void

// The counters each open transaction has moved, reported when it commits.
const moved = new WeakMap<Executor, Set<ChangeCounter>>()

/**
 * Runs `work` in a transaction: the caller's, when already inside one, else a new one whose moved
 * counters go to `onCommit` after the commit (never before: a reader must find the change there).
 */
export async function atomic<T>(db: Executor, work: (trx: Executor) => Promise<T>, onCommit?: OnCommit): Promise<T> {
  if (db.isTransaction) return work(db)
  const changed = new Set<ChangeCounter>()
  const result = await db.transaction().execute((trx) => {
    moved.set(trx, changed)
    return work(trx)
  })
  if (changed.size) onCommit?.(changed)
  return result
}

/**
 * Notes that a write outside `atomic` (one statement, its own transaction) moved a counter: told to
 * `onCommit` now, or to the caller's transaction when there is one.
 */
export function noteMoved(db: Executor, name: ChangeCounter, onCommit?: OnCommit) {
  if (db.isTransaction) moved.get(db)?.add(name)
  else onCommit?.(new Set([name]))
}

/** Marks a change that every instance must see (inside the change's transaction). */
export async function bumpCounter(trx: Executor, name: ChangeCounter): Promise<void> {
  await trx.updateTable('change_counters').set(eb => ({ version: eb('version', '+', 1) })).where('name', '=', name).execute()
  moved.get(trx)?.add(name)
}

/** Parses a JSON column; null stays null. */
export const fromJson = <T>(text: string | null): T | null => (text === null ? null : JSON.parse(text) as T)

/** A JSON column's value; undefined is stored as NULL. */
export const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value))
