import { randomUUID } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Stores } from '../../server/database/stores'
import { groupCommit } from '../../server/database/stores/group-commit'
import { applyRetention } from '../../server/utils/suggestions/retention'
import { ConfirmSuggestionSchema, type Suggestion } from '../../shared/schemas/suggestion'
import { confirmWindowStart } from '../../shared/utils/confirm-window'
import { DIALECTS, migratedStores } from '../support/services'

// Which confirms count on the public station page (issue 11): one per station, sender network and
// Beijing day, from a checked form; the count of sender networks over 30 days; a rejection undoes
// what the confirm counted; senders are kept only while they count.

const confirm = (stationId: string): Suggestion => ConfirmSuggestionSchema.parse({ kind: 'confirm', id: randomUUID(), stationId })
const at = (iso: string) => new Date(iso)

describe.each(DIALECTS)('confirmations on %s', (dialect) => {
  const db = migratedStores(dialect)
  beforeEach(async () => {
    await db.app.db.deleteFrom('suggestions').execute()
    await db.app.db.deleteFrom('station_confirmers').execute()
    await db.app.db.deleteFrom('station_confirmations').execute()
  })

  const last = async (stationId: string) => (await db.stores.suggestions.lastConfirmations()).get(stationId)
  const senders = async (stationId: string, now: Date) => (await db.stores.suggestions.recentConfirmers(confirmWindowStart(now))).get(stationId) ?? 0

  it('counts the first confirm of a station from one sender on a Beijing day, and not the next four', async () => {
    const first = confirm('station-a')
    await db.stores.suggestions.save(first, { now: at('2026-11-05T01:00:00.000Z'), confirmSender: 'net-1' })
    for (let i = 0; i < 4; i++) await db.stores.suggestions.save(confirm('station-a'), { now: at(`2026-11-05T0${2 + i}:00:00.000Z`), confirmSender: 'net-1' })
    expect(await last('station-a')).toBe('2026-11-05T01:00:00.000Z')
    expect(await senders('station-a', at('2026-11-05T12:00:00.000Z'))).toBe(1)
    expect(await db.app.db.selectFrom('suggestions').select(['id', 'counted']).where('counted', '=', 1).execute()).toEqual([{ id: first.id, counted: 1 }])

    // Another station from the same sender, and the same station from another sender, count.
    await db.stores.suggestions.save(confirm('station-b'), { now: at('2026-11-05T07:00:00.000Z'), confirmSender: 'net-1' })
    await db.stores.suggestions.save(confirm('station-a'), { now: at('2026-11-05T08:00:00.000Z'), confirmSender: 'net-2' })
    expect(await last('station-a')).toBe('2026-11-05T08:00:00.000Z')
    expect(await last('station-b')).toBe('2026-11-05T07:00:00.000Z')
    expect(await senders('station-a', at('2026-11-05T12:00:00.000Z'))).toBe(2)

    // The next Beijing day (16:00 UTC is midnight in Beijing) the first sender counts again, as one sender.
    await db.stores.suggestions.save(confirm('station-a'), { now: at('2026-11-05T16:30:00.000Z'), confirmSender: 'net-1' })
    expect(await last('station-a')).toBe('2026-11-05T16:30:00.000Z')
    expect(await senders('station-a', at('2026-11-06T12:00:00.000Z'))).toBe(2)
  })

  it('never counts a confirm the server could not vouch for, nor one without a sender', async () => {
    await db.stores.suggestions.save(confirm('station-a'), { now: at('2026-11-05T01:00:00.000Z'), confirmSender: 'net-1', unverified: 'no-token' })
    await db.stores.suggestions.save(confirm('station-a'), { now: at('2026-11-05T02:00:00.000Z') })
    expect(await last('station-a')).toBeUndefined()
    expect(await senders('station-a', at('2026-11-05T12:00:00.000Z'))).toBe(0)
    expect((await db.stores.suggestions.find({ stationId: 'station-a' })).map(s => s.unverified)).toEqual([null, 'no-token'])
  })

  it('counts a retry once, and one confirm of a burst written in one batch', async () => {
    const body = confirm('station-a')
    const now = at('2026-11-05T01:00:00.000Z')
    await db.stores.suggestions.save(body, { now, confirmSender: 'net-1' })
    expect(await db.stores.suggestions.save(body, { now: at('2026-11-06T01:00:00.000Z'), confirmSender: 'net-1' })).toMatchObject({ outcome: 'repeated' })
    expect(await last('station-a')).toBe('2026-11-05T01:00:00.000Z')

    const save = groupCommit((items: Parameters<Stores['suggestions']['saveMany']>[0]) => db.stores.suggestions.saveMany(items))
    const burst = Array.from({ length: 8 }, () => confirm('station-c'))
    await Promise.all(burst.map(suggestion => save({ suggestion, now, confirmSender: 'net-9' })))
    expect(await db.app.db.selectFrom('suggestions').select('id').where('station_id', '=', 'station-c').where('counted', '=', 1).execute()).toHaveLength(1)
    expect(await senders('station-c', now)).toBe(1)
  })

  it('undoes what a confirm turned down counted: the date falls back and its sender goes', async () => {
    const older = confirm('station-a')
    const newer = confirm('station-a')
    await db.stores.suggestions.save(older, { now: at('2026-11-04T01:00:00.000Z'), confirmSender: 'net-1' })
    await db.stores.suggestions.save(newer, { now: at('2026-11-05T01:00:00.000Z'), confirmSender: 'net-2' })
    const uncounted = confirm('station-a')
    await db.stores.suggestions.save(uncounted, { now: at('2026-11-05T02:00:00.000Z'), confirmSender: 'net-2' })
    expect(await senders('station-a', at('2026-11-05T12:00:00.000Z'))).toBe(2)

    // Turning down one that did not count changes nothing.
    await db.stores.suggestions.review(uncounted.id, { status: 'rejected', by: 'staff-1' })
    expect(await last('station-a')).toBe('2026-11-05T01:00:00.000Z')
    await db.stores.suggestions.review(newer.id, { status: 'rejected', by: 'staff-1' })
    expect(await last('station-a')).toBe('2026-11-04T01:00:00.000Z')
    expect(await senders('station-a', at('2026-11-05T12:00:00.000Z'))).toBe(1)
  })

  it('counts senders of the last 30 days only, and retention removes older ones', async () => {
    const now = at('2026-12-01T04:00:00.000Z')
    await db.stores.suggestions.save(confirm('station-a'), { now: at('2026-11-02T04:00:00.000Z'), confirmSender: 'net-old' }) // 29 days ago
    await db.stores.suggestions.save(confirm('station-a'), { now: at('2026-11-01T04:00:00.000Z'), confirmSender: 'net-older' }) // 30 days ago
    expect(await senders('station-a', now)).toBe(1)
    const removed = await applyRetention(db.stores, { contactDays: 90, clientHashDays: 2 }, now)
    expect(removed.confirmers).toBe(1)
    expect((await db.app.db.selectFrom('station_confirmers').select('sender').execute()).map(row => row.sender)).toEqual(['net-old'])
  })
})
