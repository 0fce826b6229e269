import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { Suggestion, SuggestionKind, SuggestionReceipt, SuggestionStatus } from '../../shared/schemas/suggestion'
import { useDb } from './db'

export type SaveResult
  = | { outcome: 'created' | 'repeated', receipt: SuggestionReceipt }
    | { outcome: 'conflict' }

/** A stored suggestion, as staff review it. */
export interface StoredSuggestion {
  id: string
  kind: SuggestionKind
  stationId: string | null
  status: SuggestionStatus
  /** The validated suggestion without its contact: text exactly as sent. */
  body: Record<string, unknown>
  contact: string | null
  createdAt: string
  reviewedBy: string | null
  reviewedAt: string | null
  reviewReason: string | null
  duplicateOf: string | null
  /** Salted hash of the sender's address (null for suggestions from before it was kept). */
  clientHash: string | null
}

export interface SuggestionFilter {
  kind?: SuggestionKind
  status?: SuggestionStatus
  stationId?: string
  /** Sent at or after this ISO instant. */
  since?: string
}

export interface SuggestionReview {
  status: Exclude<SuggestionStatus, 'pending'>
  by: string
  reason?: string | null
  duplicateOf?: string | null
}

/**
 * Where suggestions are kept. Routes only see this interface, so another database (PostgreSQL)
 * needs a new implementation, not new routes.
 */
export interface SuggestionStore {
  /** Stores a suggestion once per id; a repeated id with the same content is a retry. */
  save(suggestion: Suggestion, options?: { now?: Date, clientHash?: string }): SaveResult
  /** The newest `confirm` per station (ISO instant). */
  lastConfirmations(): Map<string, string>
  /** Suggestions matching every given condition, newest first. */
  find(filter?: SuggestionFilter): StoredSuggestion[]
  get(id: string): StoredSuggestion | undefined
  /** Records the review of a pending suggestion; false when it is no longer pending. */
  review(id: string, review: SuggestionReview, now?: Date): boolean
}

/** A stable hash of what was suggested, ignoring fields that may differ between retries. */
export function suggestionHash(suggestion: Suggestion): string {
  const { fillMs: _fillMs, website: _website, ...content } = suggestion
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}

interface Row {
  id: string
  kind: SuggestionKind
  station_id: string | null
  status: SuggestionStatus
  body: string
  contact: string | null
  created_at: string
  reviewed_by: string | null
  reviewed_at: string | null
  review_reason: string | null
  duplicate_of: string | null
  client_hash: string | null
}

const stored = (row: Row): StoredSuggestion => ({
  id: row.id,
  kind: row.kind,
  stationId: row.station_id,
  status: row.status,
  body: JSON.parse(row.body),
  contact: row.contact,
  createdAt: row.created_at,
  reviewedBy: row.reviewed_by,
  reviewedAt: row.reviewed_at,
  reviewReason: row.review_reason,
  duplicateOf: row.duplicate_of,
  clientHash: row.client_hash,
})

export function createSqliteSuggestionStore(db: Database.Database): SuggestionStore {
  const insert = db.prepare(`INSERT INTO suggestions (id, kind, station_id, status, body, body_hash, contact, created_at, client_hash)
    VALUES (@id, @kind, @stationId, 'pending', @body, @hash, @contact, @createdAt, @clientHash) ON CONFLICT (id) DO NOTHING`)
  const statusById = db.prepare<[string], { status: SuggestionStatus, body_hash: string }>('SELECT status, body_hash FROM suggestions WHERE id = ?')
  const byId = db.prepare<[string], Row>('SELECT * FROM suggestions WHERE id = ?')
  const confirmations = db.prepare<[], { station_id: string, at: string }>(
    `SELECT station_id, max(created_at) AS at FROM suggestions WHERE kind = 'confirm' AND status IN ('pending', 'accepted') GROUP BY station_id`)
  const review = db.prepare(`UPDATE suggestions SET status = @status, reviewed_by = @by, reviewed_at = @at, review_reason = @reason,
    duplicate_of = @duplicateOf WHERE id = @id AND status = 'pending'`)
  const columns = { kind: 'kind', status: 'status', stationId: 'station_id' } as const

  return {
    save(suggestion, { now = new Date(), clientHash } = {}) {
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
        clientHash: clientHash ?? null,
      })
      const row = statusById.get(suggestion.id)!
      if (changes === 1) return { outcome: 'created', receipt: { id: suggestion.id, status: row.status } }
      if (row.body_hash !== hash) return { outcome: 'conflict' }
      return { outcome: 'repeated', receipt: { id: suggestion.id, status: row.status } }
    },
    lastConfirmations() {
      return new Map(confirmations.all().map(row => [row.station_id, row.at]))
    },
    find(filter = {}) {
      const keys = (Object.keys(columns) as Array<keyof typeof columns>).filter(key => filter[key] !== undefined)
      const conditions = keys.map(key => `${columns[key]} = @${key}`)
      if (filter.since) conditions.push('created_at >= @since')
      const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''
      return db.prepare<[Record<string, string>], Row>(`SELECT * FROM suggestions ${where} ORDER BY created_at DESC, id`)
        .all({ ...Object.fromEntries(keys.map(key => [key, filter[key]!])), ...(filter.since ? { since: filter.since } : {}) })
        .map(stored)
    },
    get(id) {
      const row = byId.get(id)
      return row && stored(row)
    },
    review(id, { status, by, reason, duplicateOf }, now = new Date()) {
      const { changes } = review.run({ id, status, by, at: now.toISOString(), reason: reason ?? null, duplicateOf: duplicateOf ?? null })
      return changes === 1
    },
  }
}

let store: SuggestionStore | undefined

/** The configured suggestion store (SQLite by default). */
export function useSuggestionStore(): SuggestionStore {
  store ??= createSqliteSuggestionStore(useDb())
  return store
}
