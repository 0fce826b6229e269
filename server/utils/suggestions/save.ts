import type { Suggestion } from '#shared/schemas/suggestion'
import { groupCommit } from '../../database/stores/group-commit'
import type { NewSuggestion, SaveResult } from '../../database/stores'

let save: ((item: NewSuggestion) => Promise<SaveResult>) | undefined

/**
 * Stores a suggestion durably (answered only once committed). Suggestions arriving together share
 * one transaction, so the rate a server accepts them is not bound by one disk flush each.
 */
export function saveSuggestion(suggestion: Suggestion, from: Omit<NewSuggestion, 'suggestion' | 'now'>): Promise<SaveResult> {
  // PostgreSQL takes the next batch on another connection while one commits. SQLite has one
  // connection, and its commit blocks the process: a batch waits 2 ms for more to share the flush.
  const sqlite = useDatabase().dialect === 'sqlite'
  save ??= groupCommit(items => useStores().suggestions.saveMany(items), sqlite ? { concurrency: 1, delayMs: 2 } : { concurrency: 4 })
  return save({ ...from, suggestion, now: new Date() })
}
