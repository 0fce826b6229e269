import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { startServer } from '../setup/server'

/**
 * A server of its own with at most 5 suggestions per minute per client. Each test speaks from its
 * own loopback address (127.0.0.x), so each is a separate client with a fresh window.
 */
const MAX = 5
const WINDOW_MS = 60_000

let baseURL: URL
let child: ChildProcess | undefined
let dataDir: string
let db: Database.Database
let stationId: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yizhan-rate-'))
  const databasePath = join(dataDir, 'rate.sqlite')
  const started = await startServer({
    DATABASE_URL: `file:${databasePath}`,
    NUXT_SUGGESTIONS_RATE_LIMIT_MAX: String(MAX),
    NUXT_SUGGESTIONS_RATE_LIMIT_WINDOW_MS: String(WINDOW_MS),
  })
  baseURL = new URL(started.baseURL)
  child = started.child
  db = new Database(databasePath, { readonly: true, fileMustExist: true })
  stationId = (await (await fetch(`${started.baseURL}/api/stations`)).json() as PlacesResponse).places[0]!.id
})

afterAll(() => {
  db?.close()
  child?.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** A parsed answer: a receipt, an error (`data.code`) or a list of places, as the test expects. */
interface ApiJson {
  id: string
  status: string
  statusCode: number
  message: string
  data: { code: string, issues: Array<{ path: string, code: string, message: string }>, retryAfter: number }
  places: unknown[]
}
interface Answer { status: number, headers: Record<string, string | string[] | undefined>, json: ApiJson }

let nextClient = 2
/** A client with its own source address on the loopback network. */
function client() {
  const localAddress = `127.0.0.${nextClient++}`
  const send = (method: string, path: string, body?: string, headers: Record<string, string> = {}) => new Promise<Answer>((done, fail) => {
    const req = request({ host: baseURL.hostname, port: baseURL.port, method, path, localAddress, headers: { ...headers, connection: 'close' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', chunk => chunks.push(chunk))
      res.on('end', () => {
        let json = undefined as unknown as ApiJson
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        }
        catch { /* asserted by the caller */ }
        done({ status: res.statusCode!, headers: res.headers, json })
      })
    })
    req.on('error', fail)
    req.end(body)
  })
  return {
    post: (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      send('POST', '/api/suggestions', typeof body === 'string' ? body : JSON.stringify(body), headers),
    get: (path: string) => send('GET', path),
  }
}

const confirm = () => ({ kind: 'confirm', id: randomUUID(), stationId })
const rowsWithId = (id: string) => (db.prepare('SELECT count(*) AS n FROM suggestions WHERE id = ?').get(id) as { n: number }).n

function expectRateLimited(answer: Answer) {
  expect(answer.status).toBe(429)
  const retryAfter = answer.headers['retry-after']
  expect(retryAfter).toMatch(/^\d+$/)
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
  expect(Number(retryAfter)).toBeLessThanOrEqual(WINDOW_MS / 1000)
  expect(answer.headers['content-type']).toContain('application/json')
  expect(answer.json.statusCode).toBe(429)
  expect(answer.json.data.code).toBe('RATE_LIMITED')
}

describe('rate limit on POST /api/suggestions', () => {
  it('refuses the 6th request from one client with 429, Retry-After and RATE_LIMITED, and stores nothing', async () => {
    const rider = client()
    for (let i = 0; i < MAX; i++) {
      const body = confirm()
      expect((await rider.post(body)).status, `request ${i + 1}`).toBe(201)
      expect(rowsWithId(body.id)).toBe(1)
    }
    const sixth = confirm()
    const answer = await rider.post(sixth)
    expectRateLimited(answer)
    expect(answer.json.data.retryAfter).toBe(Number(answer.headers['retry-after']))
    expect(rowsWithId(sixth.id)).toBe(0)
    // And stays refused within the window, retries of earlier ids included.
    expectRateLimited(await rider.post(confirm()))
  })

  it('counts invalid bodies towards the limit', async () => {
    const rider = client()
    const invalid = [
      () => rider.post('{"kind":'),
      () => rider.post({ ...confirm(), stationId: 'no-such-station' }),
      () => rider.post({ kind: 'problem', id: randomUUID(), stationId, reason: 'closed', website: 'http://spam.example' }),
      () => rider.post({ kind: 'nonsense' }),
      () => rider.post(JSON.stringify(confirm()), { 'content-type': 'text/plain' }),
    ]
    const statuses = []
    for (const send of invalid) statuses.push((await send()).status)
    expect(statuses).toEqual([400, 400, 400, 400, 415])
    const valid = confirm()
    expectRateLimited(await rider.post(valid))
    expect(rowsWithId(valid.id)).toBe(0)
  })

  it('limits each client separately', async () => {
    const busy = client()
    const other = client()
    for (let i = 0; i <= MAX; i++) await busy.post(confirm())
    expectRateLimited(await busy.post(confirm()))
    expect((await other.post(confirm())).status).toBe(201)
  })

  it('does not trust X-Forwarded-For to pick the client', async () => {
    const rider = client()
    for (let i = 0; i < MAX; i++) {
      expect((await rider.post(confirm(), { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(201)
    }
    expectRateLimited(await rider.post(confirm(), { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' }))
  })

  it('does not limit GET /api/stations, even for a limited client', async () => {
    const rider = client()
    for (let i = 0; i <= MAX; i++) await rider.post(confirm())
    expectRateLimited(await rider.post(confirm()))
    for (let i = 0; i < 3 * MAX; i++) {
      const answer = await rider.get('/api/stations')
      expect(answer.status).toBe(200)
      expect(answer.json.places.length).toBeGreaterThan(0)
    }
    expect((await rider.get(`/api/stations/${stationId}`)).status).toBe(200)
  })
})

/** Behind one proxy of our own (NUXT_TRUST_PROXY_HOPS=1): every request comes from the proxy's address. */
describe('rate limit behind a trusted proxy', () => {
  let proxied: { baseURL: string, child: ChildProcess }
  let proxiedDir: string

  beforeAll(async () => {
    proxiedDir = mkdtempSync(join(tmpdir(), 'yizhan-proxy-'))
    proxied = await startServer({
      DATABASE_URL: `file:${join(proxiedDir, 'proxy.sqlite')}`,
      NUXT_TRUST_PROXY_HOPS: '1',
      NUXT_SUGGESTIONS_RATE_LIMIT_MAX: String(MAX),
      NUXT_SUGGESTIONS_RATE_LIMIT_WINDOW_MS: String(WINDOW_MS),
    })
  })
  afterAll(() => {
    proxied?.child.kill('SIGKILL')
    if (proxiedDir) rmSync(proxiedDir, { recursive: true, force: true })
  })

  /** A suggestion as the proxy forwards it, with the X-Forwarded-For it received plus the address it saw. */
  const viaProxy = (forwardedFor: string) => fetch(`${proxied.baseURL}/api/suggestions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify(confirm()),
  })

  it('limits each client the proxy names, not the proxy itself', async () => {
    for (let i = 0; i < MAX; i++) expect((await viaProxy('198.51.100.1')).status).toBe(201)
    expect((await viaProxy('198.51.100.1')).status).toBe(429)
    expect((await viaProxy('198.51.100.2')).status).toBe(201)
  })

  it('takes the entry the proxy wrote, whatever the client put before it', async () => {
    for (let i = 0; i < MAX; i++) expect((await viaProxy(`203.0.113.${i}, 198.51.100.3`)).status).toBe(201)
    expect((await viaProxy('203.0.113.99, 198.51.100.3')).status).toBe(429)
  })

  it('counts an IPv6 client by its /64, so new addresses in one network do not reset the limit', async () => {
    for (let i = 0; i < MAX; i++) expect((await viaProxy(`2001:db8:1:2::${(i + 1).toString(16)}`)).status).toBe(201)
    expect((await viaProxy('2001:db8:1:2:ffff:ffff:ffff:ffff')).status).toBe(429)
    expect((await viaProxy('2001:db8:1:3::1')).status).toBe(201)
  })
})
