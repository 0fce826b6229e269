import type { Suggestion } from '#shared/schemas/suggestion'
import { groupCommit } from '../../database/stores/group-commit'
import type { NewSuggestion, SaveResult } from '../../database/stores'

let save: ((item: NewSuggestion) => Promise<SaveResult>) | undefined

/**
 * Stores a suggestion durably (answered only once committed). Suggestions arriving together share
 * one transaction, so the rate a server accepts them is not bound by one disk flush each.
 */
export function saveSuggestion(suggestion: Suggestion, clientHash: string | null): Promise<SaveResult> {
  save ??= groupCommit(items => useStores().suggestions.saveMany(items))
  return save({ suggestion, clientHash, now: new Date() })
}
