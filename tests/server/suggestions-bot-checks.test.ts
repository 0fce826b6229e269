import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkTokenWith, issueTokenWith } from '../../server/utils/suggestions/token'
import { SUGGESTION_TOKEN_PATTERN } from '../../shared/schemas/suggestion'
import type { AdminStationList, ReviewQueuePage } from '../../shared/types/admin'
import type { CityPlaces, Place, PlacesResponse } from '../../shared/types/place'
import { startServer, TEST_CLIENT_HASH_SECRET } from '../setup/server'
import { addStaff, call, client, login, openStores } from './staff-client'

/**
 * The bot checks are the server's (issue 11): it measures the fill time from a token it signed, and
 * a confirm counts on the public page once per station, sender network and day. A server of its own
 * behind one trusted proxy, so each request can come from the network its X-Forwarded-For names.
 * Tokens are made here with the server's secret, as the server makes them, to date them at will.
 */

const MIN_FILL_MS = 3000
const DAY_MS = 86_400_000

let baseURL: string
let child: ChildProcess | undefined
let dataDir: string
let databasePath: string
let db: Database.Database
let places: Place[]

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yizhan-bots-'))
  databasePath = join(dataDir, 'bots.sqlite')
  const started = await startServer({ DATABASE_URL: `file:${databasePath}`, NUXT_TRUST_PROXY_HOPS: '1', NUXT_SUGGESTIONS_RATE_LIMIT_MAX: '1000000' })
  baseURL = started.baseURL
  child = started.child
  db = new Database(databasePath, { readonly: true, fileMustExist: true })
  places = (await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse).places
})

afterAll(() => {
  db?.close()
  child?.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** A token as the server would have issued it `ageMs` ago. */
const tokenAged = (ageMs: number) => issueTokenWith(TEST_CLIENT_HASH_SECRET, Date.now() - ageMs)
/** A token of the right shape that the server never signed. */
const forged = () => `${Date.now() - 10_000}.${'A'.repeat(22)}`

/** Posts a suggestion as a client of the given address (the proxy's X-Forwarded-For). */
const post = (body: Record<string, unknown>, from = '198.51.100.7') =>
  call(baseURL, 'POST', '/api/suggestions', { body: { id: randomUUID(), ...body }, origin: null, headers: { 'x-forwarded-for': from } })

const row = (id: string) => db.prepare<[string], { status: string, unverified: string | null, counted: number, body: string }>(
  'SELECT status, unverified, counted, body FROM suggestions WHERE id = ?').get(id)
const publicPlace = async (id: string): Promise<Place> => (await call(baseURL, 'GET', `/api/stations/${id}`)).json
/** A station no other test here confirms. */
const used = new Set<string>()
const freshStation = () => {
  const place = places.find(p => !used.has(p.id) && p.status === 'open')!
  used.add(place.id)
  return place
}

describe('GET /api/suggestions/token', () => {
  it('hands out a token the server signed just now, never to be stored by a cache, with the minimum fill time', async () => {
    const answer = await call(baseURL, 'GET', '/api/suggestions/token')
    expect(answer.status).toBe(200)
    expect(answer.headers.get('cache-control')).toBe('no-store')
    expect(answer.json).toEqual({ token: expect.stringMatching(SUGGESTION_TOKEN_PATTERN), minFillMs: MIN_FILL_MS })
    const check = checkTokenWith(TEST_CLIENT_HASH_SECRET, answer.json.token, Date.now())
    expect(check).toMatchObject({ valid: true })
    expect(check.valid && check.ageMs).toBeLessThan(5000)
  })
})

describe('a script that says it took its time', () => {
  const report = () => ({ kind: 'problem', stationId: places[0]!.id, reason: 'locked', fillMs: 5000 })

  it.each<[string, () => Record<string, unknown>, string]>([
    ['without a token', () => ({}), 'no-token'],
    ['with a forged token', () => ({ token: forged() }), 'bad-token'],
    ['with a token over a day old', () => ({ token: tokenAged(DAY_MS + 60_000) }), 'expired-token'],
  ])('%s is taken but marked for review, not trusted', async (_name, extra, reason) => {
    const answer = await post({ ...report(), ...extra() })
    expect(answer.status, answer.text).toBe(201)
    expect(row(answer.json.id)).toMatchObject({ status: 'pending', unverified: reason })
    expect(JSON.parse(row(answer.json.id)!.body)).not.toHaveProperty('token')
  })

  it.each([0, 500, MIN_FILL_MS - 1000])('is refused TOO_FAST with a token issued %i ms ago, whatever fillMs says, and nothing is stored', async (age) => {
    const body = { ...report(), id: randomUUID(), token: tokenAged(age) }
    const answer = await post(body)
    expect(answer.status, answer.text).toBe(400)
    expect(answer.json.data).toMatchObject({ code: 'TOO_FAST', minFillMs: MIN_FILL_MS })
    expect(row(body.id)).toBeUndefined()
  })

  it('is trusted with a token issued longer ago than the minimum fill time', async () => {
    const answer = await post({ ...report(), fillMs: undefined, token: tokenAged(MIN_FILL_MS + 1000) })
    expect(answer.status, answer.text).toBe(201)
    expect(row(answer.json.id)).toMatchObject({ unverified: null })
  })

  it.each<[string, () => Record<string, unknown>]>([
    ['without a token', () => ({})],
    ['with a forged token', () => ({ token: forged() })],
    ['with a day-old token', () => ({ token: tokenAged(DAY_MS + 60_000) })],
  ])('confirms %s: taken, marked, and 最近确认 does not move', async (_name, extra) => {
    const station = freshStation()
    const answer = await post({ kind: 'confirm', stationId: station.id, fillMs: 5000, ...extra() })
    expect(answer.status, answer.text).toBe(201)
    expect(row(answer.json.id)).toMatchObject({ counted: 0, unverified: expect.any(String) })
    const place = await publicPlace(station.id)
    expect(place.lastConfirmed).toBeUndefined()
    expect(place.recentConfirmers).toBeUndefined()
  })
})

describe('an outbox item written offline, without a token', () => {
  it('is acknowledged 201 and stored once, and staff see it marked', async () => {
    const body = { id: randomUUID(), kind: 'problem', stationId: places[1]!.id, reason: 'other', note: `离线写的 ${Date.now()}`, contact: 'wx_offline' }
    const first = await post(body)
    expect(first.status, first.text).toBe(201)
    expect(first.json).toEqual({ id: body.id, status: 'pending' })
    // Retried by the outbox: the same receipt, one row.
    expect((await post(body)).status).toBe(200)
    expect(row(body.id)).toMatchObject({ status: 'pending', unverified: 'no-token' })

    const { stores, close } = openStores(databasePath)
    const admin = await addStaff(stores, 'admin')
    await close()
    const staff = client(baseURL, await login(baseURL, admin.email))
    const queue = (await staff.get(`/api/admin/suggestions?stationId=${places[1]!.id}`)).json as ReviewQueuePage
    expect(queue.items.find(item => item.id === body.id)).toMatchObject({ unverified: 'no-token', contact: 'wx_offline' })
  })
})

describe('confirms on the public station page', () => {
  const confirm = (stationId: string, from: string) => post({ kind: 'confirm', stationId, token: tokenAged(10_000) }, from)

  it('count once per sender network and day: five from one network move 最近确认 once and count one person', async () => {
    const station = freshStation()
    const ids: string[] = []
    // Five phones of one /24 (one office, one mobile carrier's block), one after the other.
    for (let i = 0; i < 5; i++) {
      const answer = await confirm(station.id, `198.51.100.${10 + i}`)
      expect(answer.status, answer.text).toBe(201)
      ids.push(answer.json.id)
    }
    const first = db.prepare<[string], { created_at: string }>('SELECT created_at FROM suggestions WHERE id = ?').get(ids[0]!)!.created_at
    const place = await publicPlace(station.id)
    expect(place.lastConfirmed).toBe(first)
    expect(place.recentConfirmers).toBe(1)
    expect(ids.map(id => row(id)!.counted)).toEqual([1, 0, 0, 0, 0])
  })

  it('count each sender network apart, IPv6 by its /48', async () => {
    const station = freshStation()
    const networks = ['203.0.113.5', '192.0.2.5', '2001:db8:aa::1', '2001:db8:aa:ffff::2', '2001:db8:bb::1']
    const ids = []
    for (const from of networks) ids.push((await confirm(station.id, from)).json.id)
    const last = db.prepare<[string], { created_at: string }>('SELECT created_at FROM suggestions WHERE id = ?').get(ids.at(-1)!)!.created_at
    const place = await publicPlace(station.id)
    expect(place.recentConfirmers).toBe(4)
    expect(place.lastConfirmed).toBe(last)

    // The list the map and the offline copy use says the same.
    const list = (await call(baseURL, 'GET', '/api/stations')).json as PlacesResponse
    expect(list.places.find(p => p.id === station.id)).toMatchObject({ recentConfirmers: 4, lastConfirmed: last })
  })

  it('shows how many people confirmed on the station page', async () => {
    const station = freshStation()
    for (const from of ['203.0.113.77', '192.0.2.77']) expect((await confirm(station.id, from)).status).toBe(201)
    const html = (await call(baseURL, 'GET', `/stations/${station.id}`)).text
    expect(html).toMatch(/data-testid="recent-confirmers"[^>]*>近 30 天有 2 人确认</)
  })

  it('reach every list built before them: the phone\'s city, the staff list, the map\'s views', async () => {
    // The server keeps what it built from the places (the spatial index, the staff list's orders, the
    // cities) across a confirmation, with the confirmed places put in: asked before, then after.
    const station = freshStation()
    const { stores, close } = openStores(databasePath)
    const admin = await addStaff(stores, 'admin')
    await close()
    const staff = client(baseURL, await login(baseURL, admin.email))
    const staffList = async () => ((await staff.get('/api/admin/stations?sort=name')).json as AdminStationList).items
    const city = async () => ((await call(baseURL, 'GET', `/api/places/city?near=${station.location.lat},${station.location.lng}`)).json as CityPlaces).places
    const near = `lat=${station.location.lat}&lng=${station.location.lng}&limit=5`
    const nearest = async () => ((await call(baseURL, 'GET', `/api/places/nearest?${near}`)).json as { places: Array<{ id: string }> }).places.map(p => p.id)
    const [listBefore, cityBefore, nearestBefore] = [await staffList(), await city(), await nearest()]
    expect(cityBefore.find(p => p.id === station.id)!.lastConfirmed).toBeUndefined()

    for (const from of ['203.0.113.91', '192.0.2.91']) expect((await confirm(station.id, from)).status).toBe(201)
    const { lastConfirmed } = await publicPlace(station.id)
    expect(lastConfirmed).toEqual(expect.any(String))
    const listAfter = await staffList()
    expect(listAfter.map(item => item.id)).toEqual(listBefore.map(item => item.id))
    if (listAfter.some(item => item.id === station.id)) expect(listAfter.find(item => item.id === station.id)!.lastConfirmed).toBe(lastConfirmed)
    const searched = ((await staff.get(`/api/admin/stations?q=${encodeURIComponent(station.name)}`)).json as AdminStationList).items
    expect(searched.find(item => item.id === station.id)!.lastConfirmed).toBe(lastConfirmed)
    const cityAfter = await city()
    expect(cityAfter.map(p => p.id)).toEqual(cityBefore.map(p => p.id))
    expect(cityAfter.find(p => p.id === station.id)).toMatchObject({ lastConfirmed, recentConfirmers: 2 })
    expect(await nearest()).toEqual(nearestBefore)
  })
})
