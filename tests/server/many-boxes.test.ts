import { randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Stores } from '../../server/database/stores'
import type { ReviewQueuePage, StaffMember } from '../../shared/types/admin'
import type { Place, PlacesResponse } from '../../shared/types/place'
import { startServer } from '../setup/server'
import { freshDatabase, freshRedis, TEST_DATABASE_URL, TEST_REDIS_URL, type TestDatabase } from '../support/services'
import { addStaff, call, client, login, openStores } from './staff-client'

/**
 * Two production servers, A and B, on one PostgreSQL database and one Redis, as two boxes behind a
 * load balancer: what one accepts, the other sees; a sign-in is good on both; they share one limit;
 * a station staff close on one shows closed on the other within 2 s; and killing one loses nothing
 * it acknowledged. Each test speaks from loopback addresses of its own (127.0.0.x), so its requests
 * are one client with a fresh limit, whatever the other tests sent.
 */

/** Suggestions per client per window on both servers: small, so the shared limit is reached quickly. */
const MAX = 6
/** How soon a change on one server must show on the other (each checks for changes once a second). */
const VISIBLE_WITHIN_MS = 2000
const POSTERS = 8
const LOAD_MS = 1500

type Server = Awaited<ReturnType<typeof startServer>>
interface Answer { status: number, json: { id?: string, statusCode?: number, data?: { code?: string } } }

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

/** POST /api/suggestions from `localAddress` (any 127.x.y.z is this machine), on a connection of its own. */
function post(server: Server, body: unknown, localAddress: string): Promise<Answer> {
  const url = new URL(server.baseURL)
  return new Promise((done, fail) => {
    const req = request({
      host: url.hostname, port: url.port, method: 'POST', path: '/api/suggestions', localAddress,
      headers: { 'content-type': 'application/json', 'connection': 'close' },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', chunk => chunks.push(chunk))
      res.on('error', fail)
      res.on('end', () => {
        let json = {} as Answer['json']
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        }
        catch { /* asserted by the caller */ }
        done({ status: res.statusCode!, json })
      })
    })
    req.on('error', fail)
    req.end(JSON.stringify(body))
  })
}

function killed(server: Server): Promise<void> {
  return new Promise((done) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return done()
    server.child.once('exit', () => done())
    server.child.kill('SIGKILL')
  })
}

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('two servers on one PostgreSQL and one Redis', () => {
  let database: TestDatabase
  let redis: Awaited<ReturnType<typeof freshRedis>>
  let a: Server
  let b: Server
  let stores: Stores
  let closeStores: (() => Promise<void>) | undefined
  let admin: StaffMember
  let places: Place[]

  const confirm = (stationId = places[0]!.id) => ({ kind: 'confirm', id: randomUUID(), stationId })

  beforeAll(async () => {
    database = await freshDatabase('postgres')
    redis = await freshRedis()
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL!,
      NUXT_RATE_LIMIT_REDIS_KEY_PREFIX: redis.prefix,
      NUXT_SUGGESTIONS_RATE_LIMIT_MAX: String(MAX),
    }
    // Started together: both migrate the new database at once, as a rolling deploy would.
    ;[a, b] = await Promise.all([startServer(env), startServer(env)])
    ;({ stores, close: closeStores } = openStores(database.url))
    admin = await addStaff(stores, 'admin')
    places = ((await call(a.baseURL, 'GET', '/api/stations')).json as PlacesResponse).places
  })

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(killed))
    await closeStores?.()
    await database?.drop()
    await redis?.drop()
  })

  it('counts suggestions sent alternately to A and B against one limit in Redis', async () => {
    const from = '127.0.0.3'
    for (let i = 0; i < MAX; i++) {
      const answer = await post(i % 2 ? b : a, confirm(), from)
      expect(answer.status, `request ${i + 1} to ${i % 2 ? 'B' : 'A'}`).toBe(201)
    }
    // The one over the limit is refused by whichever server gets it.
    for (const [name, server] of [['A', a], ['B', b]] as const) {
      const answer = await post(server, confirm(), from)
      expect(answer.status, `request over the limit to ${name}`).toBe(429)
      expect(answer.json.data?.code).toBe('RATE_LIMITED')
    }
    // Counted in Redis (not in PostgreSQL, the fallback shared store): every request, refused ones too.
    expect(Number(await redis.redis.get(`${redis.prefix}:rl:suggestions:${from}`))).toBe(MAX + 2)
  })

  it('puts a suggestion sent to A in the review queue staff see on B', async () => {
    const suggestion = { kind: 'problem', id: randomUUID(), stationId: places[1]!.id, reason: 'other', note: '门锁着 🔒', contact: 'wx_rider', fillMs: 5000 }
    expect((await post(a, suggestion, '127.0.0.4')).status).toBe(201)
    const onB = client(b.baseURL, await login(b.baseURL, admin.email))
    const answer = await onB.get(`/api/admin/suggestions?stationId=${suggestion.stationId}`)
    expect(answer.status).toBe(200)
    const queue = answer.json as ReviewQueuePage
    expect(queue.items.find(item => item.id === suggestion.id)).toMatchObject({
      id: suggestion.id, kind: 'problem', status: 'pending', contact: 'wx_rider', body: { note: '门锁着 🔒' },
    })
  })

  it('honours a sign-in on A at B, and ends it on A when the staff member signs out on B', async () => {
    const cookie = await login(a.baseURL, admin.email)
    const me = await call(b.baseURL, 'GET', '/api/auth/me', { cookie })
    expect(me.status).toBe(200)
    expect(me.json).toMatchObject({ id: admin.id, email: admin.email })
    expect((await call(a.baseURL, 'GET', '/api/auth/me', { cookie })).status).toBe(200)

    expect((await call(b.baseURL, 'POST', '/api/auth/logout', { cookie })).status).toBe(200)
    // The old cookie is refused on A too: the session row is gone, not just B's copy of the cookie.
    expect((await call(a.baseURL, 'GET', '/api/auth/me', { cookie })).status).toBe(401)
  })

  it(`shows a station closed by staff on A as closed on B within ${VISIBLE_WITHIN_MS} ms`, async () => {
    const station = places.find(place => place.status === 'open')!
    const statusOnB = async () => ((await call(b.baseURL, 'GET', '/api/stations')).json as PlacesResponse).places.find(p => p.id === station.id)?.status
    const onA = client(a.baseURL, await login(a.baseURL, admin.email))
    // B has just served the station as open (signed in first, so B's last check is fresh): what is measured is how soon B notices A's change.
    expect(await statusOnB()).toBe('open')
    const edit = await onA.patch(`/api/admin/stations/${station.id}`, { status: 'closed', reason: '街道办通知停用' })
    expect(edit.status).toBe(200)
    const editedAt = performance.now()
    let visibleAfterMs = Number.POSITIVE_INFINITY
    while (performance.now() - editedAt < 2 * VISIBLE_WITHIN_MS) {
      if (await statusOnB() === 'closed') {
        visibleAfterMs = Math.round(performance.now() - editedAt)
        break
      }
      await sleep(50)
    }
    console.log(`many boxes: closed on A, shown closed on B after ${visibleAfterMs} ms`)
    expect(visibleAfterMs).toBeLessThan(VISIBLE_WITHIN_MS)
  })

  it('keeps every suggestion A acknowledged when A is killed with SIGKILL under load', async () => {
    const acknowledged: string[] = []
    let sent = 0
    let killing = false
    // Each request from an address of its own: the pair's limit of MAX per client is not what is tested here.
    const address = (n: number) => `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`
    const poster = async () => {
      while (!killing) {
        const n = sent++
        const body = n % 2
          ? confirm(places[n % places.length]!.id)
          : { kind: 'problem', id: randomUUID(), stationId: places[n % places.length]!.id, reason: 'other', note: `第 ${n} 条`, fillMs: 5000 }
        let answer: Answer
        try {
          answer = await post(a, body, address(n))
        }
        catch (error) {
          // Cut off by the kill: stored or not, nobody was told.
          if (killing) return
          throw error
        }
        expect(answer.status, JSON.stringify(answer.json)).toBe(201)
        expect(answer.json.id).toBe(body.id)
        acknowledged.push(body.id)
      }
    }
    const posters = Promise.all(Array.from({ length: POSTERS }, poster))
    await sleep(LOAD_MS)
    killing = true
    await killed(a)
    await posters
    console.log(`many boxes: A acknowledged ${acknowledged.length} of ${sent} suggestions before SIGKILL`)
    expect(acknowledged.length).toBeGreaterThan(0)

    const stored = new Set((await stores.suggestions.find()).map(suggestion => suggestion.id))
    expect(acknowledged.filter(id => !stored.has(id)), 'acknowledged by A but not in the database').toEqual([])
  })
})
