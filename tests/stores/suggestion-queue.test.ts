import { createHash, randomUUID } from 'node:crypto'
import { Migrator } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase } from '../../server/database/connection'
import { migrationsFor } from '../../server/database/migrations'
import { createStores, type Stores } from '../../server/database/stores'
import { SuggestionSchema, type Suggestion } from '../../shared/schemas/suggestion'
import { COUNTY_CENTRES } from '../../shared/regions.config'
import type { District } from '../../shared/utils/vocabulary'
import { DIALECTS, freshDatabase, migratedStores } from '../support/services'

// The staff's queries in SQL (issue 11): each suggestion's district is stored as it is saved and
// follows its station; the queue pages in the database with the total; migration 0007 fills the
// district of suggestions already there.

const DISTRICT_COLUMN = '0007-suggestion-district'
const base = Date.parse('2026-11-01T00:00:00.000Z')
const minute = (n: number) => new Date(base + n * 60_000)

const correction = (stationId: string): Suggestion => SuggestionSchema.parse({ kind: 'correction', id: randomUUID(), stationId, changes: { phone: '0354-1234567' }, fillMs: 5000 })
const problem = (stationId: string): Suggestion => SuggestionSchema.parse({ kind: 'problem', id: randomUUID(), stationId, reason: 'locked', fillMs: 5000 })
const confirm = (stationId: string): Suggestion => SuggestionSchema.parse({ kind: 'confirm', id: randomUUID(), stationId })
/** A proposal a little north-east of a district's centre, so that district is the nearest. */
const proposal = (district: District, metresNorth = 0): Suggestion => SuggestionSchema.parse({
  kind: 'new-station', id: randomUUID(), name: '合成测试驿站', fillMs: 5000,
  location: { lat: COUNTY_CENTRES[district]!.lat + 0.001 + metresNorth / 111_195, lng: COUNTY_CENTRES[district]!.lng + 0.001 },
})

describe.each(DIALECTS)('staff queries on %s', (dialect) => {
  const db = migratedStores(dialect)
  beforeEach(async () => {
    await db.app.db.deleteFrom('suggestions').execute()
    await db.app.db.deleteFrom('station_districts').execute()
  })

  const districtOf = async (id: string) => (await db.stores.suggestions.get(id))!.district

  describe('the district column', () => {
    it('is stored with each new suggestion: its station\'s, or the one nearest a proposal', async () => {
      await db.stores.suggestions.setStationDistricts(new Map([['q-yuci', '140702']]))
      const [about, near, unknown] = [correction('q-yuci'), proposal('140729'), confirm('q-nowhere')]
      await db.stores.suggestions.saveMany([{ suggestion: about }, { suggestion: near }, { suggestion: unknown }])
      expect(await districtOf(about.id)).toBe('140702')
      expect(await districtOf(near.id)).toBe('140729')
      // A station the server has not recorded yet: filled when it is.
      expect(await districtOf(unknown.id)).toBeNull()
      expect(await db.stores.suggestions.setStationDistricts(new Map([['q-yuci', '140702'], ['q-nowhere', '140727']]))).toBe(1)
      expect(await districtOf(unknown.id)).toBe('140727')
    })

    it('moves with its station, and only that station\'s', async () => {
      await db.stores.suggestions.setStationDistricts(new Map([['q-moving', '140702'], ['q-staying', '140702']]))
      const moving = [correction('q-moving'), problem('q-moving')]
      const staying = problem('q-staying')
      for (const suggestion of [...moving, staying]) await db.stores.suggestions.save(suggestion)
      expect(await db.stores.suggestions.setStationDistricts(new Map([['q-moving', '140703'], ['q-staying', '140702']]))).toBe(2)
      expect(await Promise.all(moving.map(s => districtOf(s.id)))).toEqual(['140703', '140703'])
      expect(await districtOf(staying.id)).toBe('140702')
      // Nothing to do the second time.
      expect(await db.stores.suggestions.setStationDistricts(new Map([['q-moving', '140703']]))).toBe(0)
    })
  })

  describe('the queue', () => {
    // 12 in 寿阳县 (every third a confirm, two sent in the same millisecond), 3 in 昔阳县, one reviewed.
    let shouyang: string[]
    let xiyang: string[]
    beforeEach(async () => {
      await db.stores.suggestions.setStationDistricts(new Map([['q-shouyang-1', '140725'], ['q-shouyang-2', '140725'], ['q-xiyang', '140724']]))
      shouyang = []
      for (let n = 0; n < 12; n++) {
        const stationId = n % 2 ? 'q-shouyang-1' : 'q-shouyang-2'
        const suggestion = n % 3 ? correction(stationId) : confirm(stationId)
        await db.stores.suggestions.save(suggestion, { now: minute(n === 7 ? 6 : n) })
        shouyang.push(suggestion.id)
      }
      xiyang = []
      for (let n = 0; n < 3; n++) {
        const suggestion = problem('q-xiyang')
        await db.stores.suggestions.save(suggestion, { now: minute(100 + n) })
        xiyang.push(suggestion.id)
      }
      await db.stores.suggestions.review(xiyang[0]!, { status: 'rejected', by: 'staff-1' })
    })

    /** Newest first; the same instant by id, descending. */
    const newestFirst = async (ids: string[]) => {
      const rows = await db.app.db.selectFrom('suggestions').select(['id', 'created_at']).where('id', 'in', ids).execute()
      return rows.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id)).map(row => row.id)
    }

    it('pages newest first with the total: every suggestion once, the last page short, past the end empty', async () => {
      const expected = await newestFirst(shouyang)
      const pages = []
      for (let page = 0; page < 3; page++) pages.push(await db.stores.suggestions.queue({ district: '140725' }, { limit: 5, offset: page * 5 }))
      expect(pages.map(p => p.total)).toEqual([12, 12, 12])
      expect(pages.map(p => p.items.length)).toEqual([5, 5, 2])
      expect(pages.flatMap(p => p.items.map(s => s.id))).toEqual(expected)
      expect(pages[0]!.items[0]).toMatchObject({ district: '140725', status: 'pending', stationId: expect.stringMatching(/^q-shouyang/) })
      expect(await db.stores.suggestions.queue({ district: '140725' }, { limit: 5, offset: 15 })).toEqual({ items: [], total: 12 })
    })

    it('filters by district, status, kind and station in the query', async () => {
      const ids = async (filter: Parameters<Stores['suggestions']['queue']>[0]) => {
        const { items, total } = await db.stores.suggestions.queue(filter, { limit: 50, offset: 0 })
        expect(items.length).toBe(total)
        return items.map(s => s.id)
      }
      expect(await ids({ district: '140724' })).toEqual([xiyang[2], xiyang[1], xiyang[0]])
      expect(await ids({ district: '140724', status: 'pending' })).toEqual([xiyang[2], xiyang[1]])
      expect(await ids({ district: '140724', status: 'rejected' })).toEqual([xiyang[0]])
      expect((await ids({ district: '140725', kind: 'confirm' })).sort()).toEqual(shouyang.filter((_, n) => n % 3 === 0).sort())
      expect((await ids({ stationId: 'q-shouyang-1', status: 'pending' })).sort()).toEqual(shouyang.filter((_, n) => n % 2).sort())
      expect(await ids({ district: '140781' })).toEqual([])
      expect((await ids({})).length).toBe(15)
    })

    it('finds a station\'s pending suggestions, newest first, at most as many as asked', async () => {
      const pending = await db.stores.suggestions.pendingAbout('q-xiyang', 5)
      expect(pending.map(s => s.id)).toEqual([xiyang[2], xiyang[1]])
      expect(pending[0]).toEqual({ id: xiyang[2], kind: 'problem', createdAt: minute(102).toISOString() })
      expect((await db.stores.suggestions.pendingAbout('q-shouyang-1', 2)).length).toBe(2)
    })

    it('counts pending problem reports per station, in a district or all, one page at a time, leaving out retired stations', async () => {
      await db.stores.suggestions.save(problem('q-shouyang-1'), { now: minute(200) })
      const all = { limit: 10, offset: 0 }
      expect(await db.stores.suggestions.pendingProblems('140724', all)).toEqual({ items: [{ stationId: 'q-xiyang', count: 2, latestAt: minute(102).toISOString() }], total: 1 })
      expect((await db.stores.suggestions.pendingProblems(undefined, all)).items.map(p => [p.stationId, p.count])).toEqual([['q-xiyang', 2], ['q-shouyang-1', 1]])
      expect(await db.stores.suggestions.pendingProblems(undefined, { limit: 1, offset: 1 })).toEqual({ items: [{ stationId: 'q-shouyang-1', count: 1, latestAt: minute(200).toISOString() }], total: 2 })
      expect(await db.stores.suggestions.pendingProblems(undefined, { limit: 1, offset: 2 })).toEqual({ items: [], total: 2 })
      await db.stores.retirements.retire('q-xiyang', 'staff-1')
      expect(await db.stores.suggestions.pendingProblems(undefined, all)).toMatchObject({ items: [{ stationId: 'q-shouyang-1' }], total: 1 })
      await db.stores.retirements.restore('q-xiyang')
    })
  })

  it('finds pending proposals in a box, and no others', async () => {
    const here = proposal('140728')
    const near = proposal('140728', 150)
    const far = proposal('140728', 2000)
    const turnedDown = proposal('140728', 50)
    for (const suggestion of [here, near, far, turnedDown]) await db.stores.suggestions.save(suggestion)
    await db.stores.suggestions.review(turnedDown.id, { status: 'rejected', by: 'staff-1' })
    const { lat, lng } = (here as Suggestion & { kind: 'new-station' }).location
    const box = { south: lat - 0.002, north: lat + 0.002, west: lng - 0.002, east: lng + 0.002 }
    expect((await db.stores.suggestions.pendingProposalsIn(box, 10)).map(p => p.id).sort()).toEqual([here.id, near.id].sort())
    expect(await db.stores.suggestions.pendingProposalsIn(box, 1)).toHaveLength(1)
    expect((await db.stores.suggestions.pendingProposalsIn(box, 10)).find(p => p.id === here.id)).toMatchObject({ lat, lng, kind: 'new-station' })
  })

  it('counts bursts per station and per client since an instant, with the newest ids', async () => {
    await db.stores.suggestions.setStationDistricts(new Map([['q-busy', '140722'], ['q-quiet', '140722']]))
    const busy = []
    for (let n = 0; n < 5; n++) {
      const suggestion = problem('q-busy')
      await db.stores.suggestions.save(suggestion, { now: minute(n), clientHash: 'client-a' })
      busy.push(suggestion.id)
    }
    await db.stores.suggestions.save(problem('q-quiet'), { now: minute(5), clientHash: 'client-a' })
    await db.stores.suggestions.save(problem('q-busy'), { now: minute(-10), clientHash: 'client-a' }) // before `since`
    const query = { since: minute(0).toISOString(), district: '140722' as const, over: 3, ids: 2 }
    const first = { limit: 10, offset: 0 }
    expect(await db.stores.suggestions.stationBursts(query, first)).toEqual({ items: [{ stationId: 'q-busy', count: 5, suggestionIds: [busy[4], busy[3]] }], total: 1 })
    expect(await db.stores.suggestions.clientBursts(query, first)).toEqual({ items: [{ client: 'client-a', count: 6, stationIds: ['q-quiet', 'q-busy'], suggestionIds: [expect.any(String), busy[4]] }], total: 1 })
    expect(await db.stores.suggestions.stationBursts({ ...query, district: '140702' }, first)).toEqual({ items: [], total: 0 })
    expect(await db.stores.suggestions.clientBursts({ ...query, district: '140702' }, first)).toEqual({ items: [], total: 0 })
  })

  it('pages the bursts, biggest first, with how many there are in all', async () => {
    await db.stores.suggestions.setStationDistricts(new Map([['q-page', '140723']]))
    // Clients c-4 … c-7 send 4 … 7 suggestions each: over 3, four bursts.
    for (let size = 2; size <= 7; size++) {
      for (let n = 0; n < size; n++) await db.stores.suggestions.save(problem('q-page'), { now: minute(n), clientHash: `c-${size}` })
    }
    const query = { since: minute(0).toISOString(), district: '140723' as const, over: 3, ids: 1 }
    const page = async (offset: number) => {
      const { items, total } = await db.stores.suggestions.clientBursts(query, { limit: 3, offset })
      return { clients: items.map(item => [item.client, item.count]), total }
    }
    expect(await page(0)).toEqual({ clients: [['c-7', 7], ['c-6', 6], ['c-5', 5]], total: 4 })
    expect(await page(3)).toEqual({ clients: [['c-4', 4]], total: 4 })
    expect(await db.stores.suggestions.stationBursts(query, { limit: 3, offset: 0 })).toMatchObject({ items: [{ stationId: 'q-page', count: 27 }], total: 1 })
  })
})

describe.each(DIALECTS)('migration 0007 on %s', (dialect) => {
  it('fills the district of suggestions already stored: proposals from their position, station suggestions once the server records the stations', async () => {
    const database = await freshDatabase(dialect)
    const app = openDatabase(database.target)
    try {
      const names = Object.keys(migrationsFor(dialect)).sort()
      const before = names[names.indexOf(DISTRICT_COLUMN) - 1]!
      const migrator = new Migrator({ db: app.db, provider: { getMigrations: async () => migrationsFor(dialect) } })
      expect((await migrator.migrateTo(before)).error).toBeUndefined()

      // Rows as the release before stored them: the columns of migration 0001.
      const row = (suggestion: Suggestion, n: number) => {
        const { contact: _contact, ...body } = suggestion
        return {
          id: suggestion.id, kind: suggestion.kind, station_id: 'stationId' in suggestion ? suggestion.stationId : null, status: 'pending' as const,
          body: JSON.stringify(body), body_hash: createHash('sha256').update(JSON.stringify(body)).digest('hex'), created_at: minute(n).toISOString(),
        }
      }
      const old = [proposal('140781'), proposal('140723'), correction('q-old'), problem('q-old'), confirm('q-gone')]
      await app.db.insertInto('suggestions').values(old.map(row)).execute()

      expect(await migrateToLatest(app)).toContain(DISTRICT_COLUMN)
      const stores = createStores(app.db)
      const districts = async () => Promise.all(old.map(async s => (await stores.suggestions.get(s.id))!.district))
      expect(await districts()).toEqual(['140781', '140723', null, null, null])
      const { lat, lng } = (old[0] as Suggestion & { kind: 'new-station' }).location
      expect(await app.db.selectFrom('suggestions').select(['lat', 'lng']).where('id', '=', old[0]!.id).executeTakeFirst()).toEqual({ lat, lng })

      // What the server does at its first request (server/utils/suggestions/districts.ts).
      expect(await stores.suggestions.setStationDistricts(new Map([['q-old', '140721']]))).toBe(2)
      expect(await districts()).toEqual(['140781', '140723', '140721', '140721', null])
      expect((await stores.suggestions.queue({ district: '140721' }, { limit: 10, offset: 0 })).total).toBe(2)
    }
    finally {
      await app.close()
      await database.drop()
    }
  })
})
