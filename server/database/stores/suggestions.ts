import { createHash } from 'node:crypto'
import type { Insertable, Selectable } from 'kysely'
import type { Suggestion, SuggestionBody, SuggestionKind, SuggestionReceipt, SuggestionStatus, UnverifiedReason } from '../../../shared/schemas/suggestion'
import { beijingDate } from '../../../shared/utils/open-state'
import type { District } from '../../../shared/utils/vocabulary'
import type { SuggestionsTable } from '../schema'
import { atomic, bumpCounter, type Executor, type OnCommit } from './executor'
import { createSuggestionQueries, placeOf, type SuggestionQueries } from './suggestion-queries'

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
  body: SuggestionBody
  /** Null when none was given, and NUXT_CONTACT_RETENTION_DAYS after the review. */
  contact: string | null
  createdAt: string
  reviewedBy: string | null
  reviewedAt: string | null
  reviewReason: string | null
  duplicateOf: string | null
  /** Hash of the sender's network under the day's key (null before it was kept, and after NUXT_CLIENT_HASH_RETENTION_DAYS). */
  clientHash: string | null
  /** The district it concerns: its station's, or the one nearest a proposal's position (null: not known yet). */
  district: District | null
  /** Why staff should look twice: it came without a valid form token. Null: the server measured its fill time. */
  unverified: UnverifiedReason | null
}

/** A suggestion to store, with when it arrived and from whom (hashed). */
export interface NewSuggestion {
  suggestion: Suggestion
  now?: Date
  clientHash?: string | null
  /** Why it is marked for review; null or absent: its form token checked out. */
  unverified?: UnverifiedReason | null
  /**
   * For a confirm with a checked token: its sender network for this station (a keyed hash). It
   * counts publicly when it is that sender's first for the station on its Beijing day.
   */
  confirmSender?: string | null
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

/** Where suggestions are kept. */
export interface SuggestionStore extends SuggestionQueries {
  /** Stores a suggestion once per id; a repeated id with the same content is a retry. */
  save(suggestion: Suggestion, options?: Omit<NewSuggestion, 'suggestion'>): Promise<SaveResult>
  /** Stores several in one statement (one transaction, one disk flush for all), each with its own result. */
  saveMany(items: readonly NewSuggestion[]): Promise<SaveResult[]>
  /** The newest `confirm` per station that counts (ISO instant), pending or accepted. */
  lastConfirmations(): Promise<Map<string, string>>
  /** Per station, how many sender networks had a confirm counted on or after this Beijing day. */
  recentConfirmers(sinceDay: string): Promise<Map<string, number>>
  /** Suggestions matching every given condition, newest first. */
  find(filter?: SuggestionFilter): Promise<StoredSuggestion[]>
  get(id: string): Promise<StoredSuggestion | undefined>
  /** Records the review of a pending suggestion; false when it is no longer pending. */
  review(id: string, review: SuggestionReview, now?: Date): Promise<boolean>
  /** Removes the contacts of suggestions reviewed, and the client hashes of those sent, before the given instants, and confirm senders seen last before the given day; how many of each. */
  forgetPersonalData(before: PersonalDataCutoffs): Promise<PersonalDataRemoved>
}

/** ISO instants: what is older is no longer kept. */
export interface PersonalDataCutoffs {
  contactsReviewedBefore: string
  clientHashesSentBefore: string
  /** A Beijing date: a station's confirm sender last counted before it is no longer counted, nor kept. */
  confirmersLastCountedBefore: string
}

export interface PersonalDataRemoved {
  contacts: number
  clientHashes: number
  confirmers: number
}

/** A stable hash of what was suggested, ignoring fields that may differ between retries. */
export function suggestionHash(suggestion: Suggestion): string {
  const { fillMs: _fillMs, website: _website, token: _token, ...content } = suggestion
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}

const stored = (row: Selectable<SuggestionsTable>): StoredSuggestion => ({
  id: row.id,
  kind: row.kind,
  stationId: row.station_id,
  status: row.status,
  // Validated with SuggestionSchema before it was stored.
  body: JSON.parse(row.body) as SuggestionBody,
  contact: row.contact,
  createdAt: row.created_at,
  reviewedBy: row.reviewed_by,
  reviewedAt: row.reviewed_at,
  reviewReason: row.review_reason,
  duplicateOf: row.duplicate_of,
  clientHash: row.client_hash,
  district: row.district,
  unverified: row.unverified,
})

function toRow({ suggestion, now = new Date(), clientHash, unverified }: NewSuggestion): Insertable<SuggestionsTable> & { id: string, body_hash: string, created_at: string } {
  // The token did its job on arrival: it is not part of what was suggested.
  const { contact, website: _website, token: _token, ...body } = suggestion
  return {
    id: suggestion.id,
    kind: suggestion.kind,
    station_id: 'stationId' in suggestion ? suggestion.stationId : null,
    ...placeOf(suggestion),
    body: JSON.stringify(body),
    body_hash: suggestionHash(suggestion),
    contact: contact ?? null,
    created_at: now.toISOString(),
    client_hash: clientHash ?? null,
    unverified: unverified ?? null,
  }
}

const CONFIRMED = ['pending', 'accepted'] as const

/** Sets a station's last confirmation from its counted suggestions again, and forgets the sender of one turned down. */
async function recountConfirmation(trx: Executor, stationId: string, turnedDown: string) {
  await bumpCounter(trx, 'confirmations') // first, as countConfirmations does: one lock order
  await trx.deleteFrom('station_confirmers').where('suggestion_id', '=', turnedDown).execute()
  const { last } = await trx.selectFrom('suggestions').select(eb => eb.fn.max('created_at').as('last'))
    .where('station_id', '=', stationId).where('kind', '=', 'confirm').where('status', 'in', CONFIRMED).where('counted', '=', 1)
    .executeTakeFirstOrThrow()
  if (last) {
    await trx.insertInto('station_confirmations').values({ station_id: stationId, last_at: last })
      .onConflict(oc => oc.column('station_id').doUpdateSet({ last_at: last })).execute()
  }
  else {
    await trx.deleteFrom('station_confirmations').where('station_id', '=', stationId).execute()
  }
}

/**
 * Counts new confirms on the public station page: for each station and sender network, the first
 * of a Beijing day. The counter's row is locked first, as a review's recount does, so batches that
 * meet on a station queue there instead of deadlocking; it moves only when a confirm counted.
 */
async function countConfirmations(trx: Executor, confirms: ReadonlyArray<{ id: string, stationId: string, sender: string, at: string }>) {
  await trx.updateTable('change_counters').set(eb => ({ version: eb.ref('version') })).where('name', '=', 'confirmations').execute()
  const counted = []
  for (const confirm of confirms) {
    // A row comes back only when inserted, or moved to a later day: one per sender and day counts.
    const won = await trx.insertInto('station_confirmers')
      .values({ station_id: confirm.stationId, sender: confirm.sender, last_day: beijingDate(confirm.at), suggestion_id: confirm.id })
      .onConflict(oc => oc.columns(['station_id', 'sender'])
        .doUpdateSet(eb => ({ last_day: eb.ref('excluded.last_day'), suggestion_id: eb.ref('excluded.suggestion_id') }))
        .where(eb => eb('station_confirmers.last_day', '<', eb.ref('excluded.last_day'))))
      .returning('suggestion_id')
      .executeTakeFirst()
    if (won) counted.push(confirm)
  }
  if (!counted.length) return
  await bumpCounter(trx, 'confirmations')
  await trx.updateTable('suggestions').set({ counted: 1 }).where('id', 'in', counted.map(confirm => confirm.id)).execute()
  for (const confirm of counted) {
    await trx.insertInto('station_confirmations').values({ station_id: confirm.stationId, last_at: confirm.at })
      .onConflict(oc => oc.column('station_id')
        .doUpdateSet(eb => ({ last_at: eb.ref('excluded.last_at') }))
        .where(eb => eb('station_confirmations.last_at', '<', eb.ref('excluded.last_at'))))
      .execute()
  }
}

export function createSuggestionStore(db: Executor, onCommit?: OnCommit): SuggestionStore {
  const store: SuggestionStore = {
    ...createSuggestionQueries(db, stored),
    async save(suggestion, options = {}) {
      const [result] = await store.saveMany([{ ...options, suggestion }])
      return result!
    },

    async saveMany(items) {
      if (!items.length) return []
      const rows = items.map(toRow)
      const mayCount = (index: number) => rows[index]!.kind === 'confirm' && !!items[index]!.confirmSender && !items[index]!.unverified
      // A confirm that may count writes the station's public date and its sender with it: one
      // transaction. Any other batch is one statement (one round trip to PostgreSQL), as before.
      if (!db.isTransaction && rows.some((_, index) => mayCount(index))) {
        return atomic(db, trx => createSuggestionStore(trx).saveMany(items), onCommit)
      }
      const inserted = new Set((await db.insertInto('suggestions').values(rows)
        .onConflict(oc => oc.column('id').doNothing()).returning('id').execute()).map(row => row.id))
      // The first row with an id that was inserted is the new one; any other (a retry before, or
      // in the same batch) is compared with what is stored.
      const firsts = new Set<number>()
      for (const [index, row] of rows.entries()) {
        if (inserted.delete(row.id)) firsts.add(index)
      }
      const others = [...new Set(rows.filter((_, index) => !firsts.has(index)).map(row => row.id))]
      const existing = new Map(others.length
        ? (await db.selectFrom('suggestions').select(['id', 'status', 'body_hash']).where('id', 'in', others).execute()).map(row => [row.id, row])
        : [])
      // New confirms only, in arrival order: a retry never counts again.
      const confirms = [...firsts].filter(mayCount).map(index => ({ id: rows[index]!.id, stationId: rows[index]!.station_id!, sender: items[index]!.confirmSender!, at: rows[index]!.created_at }))
      if (confirms.length) await countConfirmations(db, confirms)
      return rows.map((row, index): SaveResult => {
        if (firsts.has(index)) return { outcome: 'created', receipt: { id: row.id, status: 'pending' } }
        const current = existing.get(row.id)!
        if (current.body_hash !== row.body_hash) return { outcome: 'conflict' }
        return { outcome: 'repeated', receipt: { id: row.id, status: current.status } }
      })
    },

    async lastConfirmations() {
      const rows = await db.selectFrom('station_confirmations').selectAll().execute()
      return new Map(rows.map(row => [row.station_id, row.last_at]))
    },

    async recentConfirmers(sinceDay) {
      const rows = await db.selectFrom('station_confirmers').select(eb => ['station_id', eb.fn.countAll().as('senders')])
        .where('last_day', '>=', sinceDay).groupBy('station_id').execute()
      return new Map(rows.map(row => [row.station_id, Number(row.senders)]))
    },

    async find(filter = {}) {
      const rows = await db.selectFrom('suggestions').selectAll()
        .$if(filter.kind !== undefined, qb => qb.where('kind', '=', filter.kind!))
        .$if(filter.status !== undefined, qb => qb.where('status', '=', filter.status!))
        .$if(filter.stationId !== undefined, qb => qb.where('station_id', '=', filter.stationId!))
        .$if(filter.since !== undefined, qb => qb.where('created_at', '>=', filter.since!))
        .orderBy('created_at', 'desc').orderBy('id')
        .execute()
      return rows.map(stored)
    },

    async get(id) {
      const row = await db.selectFrom('suggestions').selectAll().where('id', '=', id).executeTakeFirst()
      return row && stored(row)
    },

    review(id, { status, by, reason, duplicateOf }, now = new Date()) {
      return atomic(db, async (trx) => {
        const reviewed = await trx.updateTable('suggestions')
          .set({ status, reviewed_by: by, reviewed_at: now.toISOString(), review_reason: reason ?? null, duplicate_of: duplicateOf ?? null })
          .where('id', '=', id).where('status', '=', 'pending')
          .returning(['kind', 'station_id', 'counted'])
          .executeTakeFirst()
        if (!reviewed) return false
        // A confirmation turned down no longer counts as one.
        if (reviewed.kind === 'confirm' && reviewed.counted && reviewed.station_id && status !== 'accepted') await recountConfirmation(trx, reviewed.station_id, id)
        return true
      }, onCommit)
    },

    async forgetPersonalData({ contactsReviewedBefore, clientHashesSentBefore, confirmersLastCountedBefore }) {
      // A pending suggestion has no reviewed_at: its contact stays until someone has read it.
      const contacts = await db.updateTable('suggestions').set({ contact: null })
        .where('contact', 'is not', null).where('reviewed_at', '<', contactsReviewedBefore)
        .executeTakeFirst()
      const clientHashes = await db.updateTable('suggestions').set({ client_hash: null })
        .where('client_hash', 'is not', null).where('created_at', '<', clientHashesSentBefore)
        .executeTakeFirst()
      const confirmers = await db.deleteFrom('station_confirmers').where('last_day', '<', confirmersLastCountedBefore).executeTakeFirst()
      return { contacts: Number(contacts.numUpdatedRows), clientHashes: Number(clientHashes.numUpdatedRows), confirmers: Number(confirmers.numDeletedRows) }
    },
  }
  return store
}
