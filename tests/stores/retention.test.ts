import { randomUUID } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/database/connection'
import { createStores } from '../../server/database/stores'
import { applyRetention } from '../../server/utils/suggestions/retention'
import { ProblemSuggestionSchema } from '../../shared/schemas/suggestion'
import { DIALECTS, migratedStores } from '../support/services'

// The retention job (issue 11): contacts go N days after the review, client hashes 2 days after the
// suggestion was sent; each run that removed anything leaves one audit row with counts, never data.

const DAY_MS = 86_400_000
const now = new Date('2026-12-01T04:00:00.000Z')
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS)
const policy = { contactDays: 90, clientHashDays: 2 }

describe.each(DIALECTS)('retention on %s', (dialect) => {
  const db = migratedStores(dialect)
  beforeEach(async () => {
    await db.app.db.deleteFrom('suggestions').execute()
    await db.app.db.deleteFrom('audit_log').execute()
  })

  /** A problem report with a contact, sent and (optionally) reviewed some days before `now`. */
  async function report({ sent, reviewed, contact = '13800000000', hash = `hash-${randomUUID().slice(0, 8)}` }: { sent: number, reviewed?: number, contact?: string, hash?: string }) {
    const suggestion = ProblemSuggestionSchema.parse({ kind: 'problem', id: randomUUID(), stationId: 'station-a', reason: 'locked', contact, fillMs: 5000 })
    await db.stores.suggestions.save(suggestion, { now: daysAgo(sent), clientHash: hash })
    if (reviewed !== undefined) await db.stores.suggestions.review(suggestion.id, { status: 'rejected', by: 'staff-1', reason: '测试' }, daysAgo(reviewed))
    return suggestion.id
  }

  const retentionRows = () => db.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'retention').execute()

  it('removes the contact of a suggestion reviewed over 90 days ago and hashes over 2 days old, keeps newer ones, and audits the counts', async () => {
    const oldReviewed = await report({ sent: 120, reviewed: 91, contact: 'wx_old_rider', hash: 'old-hash-1' })
    const recentlyReviewed = await report({ sent: 120, reviewed: 89 })
    const oldPending = await report({ sent: 200 })
    const yesterday = await report({ sent: 1, reviewed: 0.5 })
    const twoDaysAndAMinute = await report({ sent: 2 + 1 / 1440 })

    expect(await applyRetention(db.stores, policy, now)).toEqual({ contacts: 1, clientHashes: 4, confirmers: 0 })

    const kept = async (id: string) => {
      const { contact, clientHash } = (await db.stores.suggestions.get(id))!
      return { contact: contact !== null, clientHash: clientHash !== null }
    }
    expect(await kept(oldReviewed)).toEqual({ contact: false, clientHash: false })
    expect(await kept(recentlyReviewed)).toEqual({ contact: true, clientHash: false })
    // Nobody has read it yet: the contact is what staff would answer.
    expect(await kept(oldPending)).toEqual({ contact: true, clientHash: false })
    expect(await kept(yesterday)).toEqual({ contact: true, clientHash: true })
    expect(await kept(twoDaysAndAMinute)).toEqual({ contact: true, clientHash: false })
    // The rest of the suggestion stays as it was.
    expect(await db.stores.suggestions.get(oldReviewed)).toMatchObject({ status: 'rejected', reviewReason: '测试', body: { kind: 'problem', reason: 'locked' } })

    const rows = await retentionRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ actor: 'system', entity: 'suggestion', entity_id: '*', at: now.toISOString() })
    expect(JSON.parse(rows[0]!.after!)).toEqual({ contacts: 1, clientHashes: 4, confirmers: 0, policy })
    const written = JSON.stringify(rows[0])
    expect(written).not.toContain('wx_old_rider')
    expect(written).not.toContain('old-hash-1')
    expect(written).not.toContain(oldReviewed)
  })

  it('writes no audit row when nothing was due', async () => {
    await report({ sent: 1, reviewed: 0.5 })
    expect(await applyRetention(db.stores, policy, now)).toEqual({ contacts: 0, clientHashes: 0, confirmers: 0 })
    expect(await retentionRows()).toEqual([])
  })

  it('follows the configured days', async () => {
    const id = await report({ sent: 40, reviewed: 31 })
    expect(await applyRetention(db.stores, { contactDays: 30, clientHashDays: 60 }, now)).toEqual({ contacts: 1, clientHashes: 0, confirmers: 0 })
    expect(await db.stores.suggestions.get(id)).toMatchObject({ contact: null })
    expect((await db.stores.suggestions.get(id))!.clientHash).not.toBeNull()
  })

  it('runs on two instances at once: everything due removed once, one audit row', async () => {
    for (let i = 0; i < 50; i++) await report({ sent: 100, reviewed: 95 })
    // On PostgreSQL each instance has a pool of its own. better-sqlite3 blocks the thread while it waits
    // for a lock, so a second connection in this process would time out waiting for the first: on SQLite the
    // two runs share the one connection, which queues their transactions as a second process would.
    const other = dialect === 'postgres' ? openDatabase(db.target) : undefined
    try {
      const results = await Promise.all([applyRetention(db.stores, policy, now), applyRetention(createStores(other?.db ?? db.app.db), policy, now)])
      expect(results.map(r => r.contacts).sort((a, b) => a - b)).toEqual([0, 50])
      expect(results.map(r => r.clientHashes).sort((a, b) => a - b)).toEqual([0, 50])
    }
    finally {
      await other?.close()
    }
    expect(await retentionRows()).toHaveLength(1)
    expect(await db.stores.settings.get('retention_ran_at')).toBe(now.toISOString())
  })
})
