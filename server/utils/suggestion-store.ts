import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { Suggestion, SuggestionReceipt, SuggestionStatus } from '#shared/schemas/suggestion'

export type SaveResult
  = | { outcome: 'created' | 'repeated', receipt: SuggestionReceipt }
    | { outcome: 'conflict' }

/**
 * Where suggestions are kept. Routes only see this interface, so another database (PostgreSQL)
 * needs a new implementation, not new routes.
 */
export interface SuggestionStore {
  /** Stores a suggestion once per id; a repeated id with the same content is a retry. */
  save(suggestion: Suggestion, now?: Date): SaveResult
  /** The newest `confirm` per station (ISO instant). */
  lastConfirmations(): Map<string, string>
}

/** A stable hash of what was suggested, ignoring fields that may differ between retries. */
export function suggestionHash(suggestion: Suggestion): string {
  const { fillMs: _fillMs, website: _website, ...content } = suggestion
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}

export function createSqliteSuggestionStore(db: Database.Database): SuggestionStore {
  const insert = db.prepare(`INSERT INTO suggestions (id, kind, station_id, status, body, body_hash, contact, created_at)
    VALUES (@id, @kind, @stationId, 'pending', @body, @hash, @contact, @createdAt) ON CONFLICT (id) DO NOTHING`)
  const byId = db.prepare<[string], { status: SuggestionStatus, body_hash: string }>('SELECT status, body_hash FROM suggestions WHERE id = ?')
  const confirmations = db.prepare<[], { station_id: string, at: string }>(
    `SELECT station_id, max(created_at) AS at FROM suggestions WHERE kind = 'confirm' AND status IN ('pending', 'accepted') GROUP BY station_id`)

  return {
    save(suggestion, now = new Date()) {
      const hash = suggestionHash(suggestion)
      const { contact, website: _website, ...publicPart } = suggestion
      const { changes } = insert.run({
        id: suggestion.id,
        kind: suggestion.kind,
        stationId: 'stationId' in suggestion ? suggestion.stationId : null,
        body: JSON.stringify(publicPart),
        hash,
        contact: contact ?? null,
        createdAt: now.toISOString(),
      })
      const row = byId.get(suggestion.id)!
      if (changes === 1) return { outcome: 'created', receipt: { id: suggestion.id, status: row.status } }
      if (row.body_hash !== hash) return { outcome: 'conflict' }
      return { outcome: 'repeated', receipt: { id: suggestion.id, status: row.status } }
    },
    lastConfirmations() {
      return new Map(confirmations.all().map(row => [row.station_id, row.at]))
    },
  }
}

let store: SuggestionStore | undefined

/** The configured suggestion store (SQLite by default). */
export function useSuggestionStore(): SuggestionStore {
  store ??= createSqliteSuggestionStore(useDb())
  return store
}
