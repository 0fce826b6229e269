import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueTokenWith } from '../../server/utils/suggestions/token'
import type { PlacesResponse } from '../../shared/types/place'
import { startServer, TEST_CLIENT_HASH_SECRET } from '../setup/server'
import { addStaff, call, COOKIE_NAME, openStores, PASSWORD, sessionCookie } from './staff-client'

/**
 * Logs (issue 12): the built server writes one JSON line per request (time, level, request id, route
 * pattern, method, status, duration) and per notable event, and never anything that identifies a
 * person: no address, contact, email, password, cookie, query string or body. A server of its own
 * behind one trusted proxy, so the client's address is one only the proxy header carries.
 */

const CLIENT_IP = '203.0.113.77'
const CONTACT = '13912345678'
const WRONG_PASSWORD = 'Wrong-Pa55word-zq81xk'
const SEARCH = 'q=13700001111'

let baseURL: string
let child: ChildProcess | undefined
let output: () => string
let dataDir: string
let databasePath: string
let email: string
let cookie: string
let cookieValue: string
const answers = new Map<string, Awaited<ReturnType<typeof call>>>()

/** One request as the client at CLIENT_IP, through the proxy, with a request id. */
async function send(requestId: string, method: string, path: string, options: Parameters<typeof call>[3] = {}) {
  const answer = await call(baseURL, method, path, { ...options, headers: { 'x-forwarded-for': CLIENT_IP, 'x-request-id': requestId, ...options.headers } })
  answers.set(requestId, answer)
  return answer
}

const lines = () => output().split('\n').filter(line => line.trim())
const requestLine = (requestId: string) => lines().map(line => JSON.parse(line) as Record<string, unknown>).find(line => line.msg === 'request' && line.requestId === requestId)

/** Resolves once the server has logged a request line for each id (lines are written as answers end). */
async function logged(requestIds: string[], timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (requestIds.some(id => !requestLine(id))) {
    if (Date.now() > deadline) throw new Error(`no log line for ${requestIds.filter(id => !requestLine(id)).join(', ')}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yizhan-logs-'))
  databasePath = join(dataDir, 'logs.sqlite')
  const started = await startServer({ DATABASE_URL: `file:${databasePath}`, NUXT_TRUST_PROXY_HOPS: '1', NUXT_LOG_LEVEL: 'info' }, { captureOutput: true })
  baseURL = started.baseURL
  child = started.child
  output = started.output
  const { stores, close } = openStores(databasePath)
  try {
    email = (await addStaff(stores, 'admin')).email
  }
  finally {
    await close()
  }
  const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse

  const token = issueTokenWith(process.env.NUXT_CLIENT_HASH_SECRET || TEST_CLIENT_HASH_SECRET, Date.now() - 10_000)
  const suggestion = { kind: 'problem', id: randomUUID(), stationId: places[0]!.id, reason: 'other', note: `请回电 ${CONTACT}`, contact: CONTACT, token }
  expect((await send('logs-suggestion', 'POST', '/api/suggestions', { body: suggestion, origin: null })).status).toBe(201)
  expect((await send('logs-wrong-password', 'POST', '/api/auth/login', { body: { email, password: WRONG_PASSWORD } })).status).toBe(401)
  const signedIn = await send('logs-sign-in', 'POST', '/api/auth/login', { body: { email, password: PASSWORD } })
  expect(signedIn.status).toBe(200)
  cookie = sessionCookie(signedIn)!
  cookieValue = cookie.slice(cookie.indexOf('=') + 1)
  expect(cookieValue.length).toBeGreaterThan(20)
  expect((await send('logs-me', 'GET', '/api/auth/me', { cookie })).status).toBe(200)
  expect((await send('logs-search', 'GET', `/api/stations?${SEARCH}`)).status).toBe(200)
  expect((await send('logs-station', 'GET', `/api/stations/${places[0]!.id}`)).status).toBe(200)
  await logged(['logs-suggestion', 'logs-wrong-password', 'logs-sign-in', 'logs-me', 'logs-search', 'logs-station'])
})

afterAll(() => {
  child?.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the server\'s log', () => {
  it('is JSON, one object per line, each with a time and a level', () => {
    expect(lines().length).toBeGreaterThan(6)
    for (const line of lines()) {
      const parsed = JSON.parse(line) as Record<string, unknown>
      expect(parsed, line).toMatchObject({ level: expect.stringMatching(/^(?:debug|info|warn|error|fatal)$/), time: expect.any(String), msg: expect.any(String) })
      expect(Number.isNaN(Date.parse(String(parsed.time))), line).toBe(false)
    }
  })

  it.each([
    ['logs-suggestion', 'POST', '/api/suggestions', 201],
    ['logs-wrong-password', 'POST', '/api/auth/login', 401],
    ['logs-sign-in', 'POST', '/api/auth/login', 200],
    ['logs-me', 'GET', '/api/auth/me', 200],
    ['logs-search', 'GET', '/api/stations', 200],
    ['logs-station', 'GET', '/api/stations/:id', 200],
  ])('has a line for request %s: %s, its route pattern, status %i and duration', (requestId, method, route, status) => {
    const line = requestLine(requestId)
    expect(line).toEqual({ level: 'info', time: expect.any(String), pid: expect.any(Number), msg: 'request', requestId, method, route, status, durationMs: expect.any(Number) })
    expect(line!.durationMs).toBeGreaterThanOrEqual(0)
    // The id it was logged under is the one the client sent, and the answer says it back.
    expect(answers.get(requestId)!.headers.get('x-request-id')).toBe(requestId)
  })

  it('notes the refused sign-in, under the request\'s id, without the email', () => {
    const parsed = lines().map(line => JSON.parse(line) as Record<string, unknown>)
    expect(parsed.find(line => String(line.msg).startsWith('[staff] sign-in refused'))).toMatchObject({ level: 'warn', requestId: 'logs-wrong-password' })
  })

  it('never holds the client\'s address, the contact, the email, the password, the cookie or a query string', () => {
    const text = output()
    for (const secret of [CLIENT_IP, CONTACT, email, WRONG_PASSWORD, PASSWORD, cookieValue, `${COOKIE_NAME}=`, SEARCH, '13700001111', '请回电']) {
      expect(text, secret).not.toContain(secret)
    }
    // The proxy's own address (the connection's peer) is not in any request's line either.
    for (const line of lines().filter(l => l.includes('"msg":"request"'))) expect(line).not.toContain('127.0.0.1')
  })

  it('answers with a new request id when the one sent is not a short token, and never logs what was sent', async () => {
    const sent = `looks like a phone ${CONTACT} not an id`
    const answer = await call(baseURL, 'GET', '/api/health', { headers: { 'x-request-id': sent } })
    const id = answer.headers.get('x-request-id')!
    expect(id).toMatch(/^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/)
    await logged([id])
    expect(requestLine(id)).toMatchObject({ route: '/api/health', status: 200 })
    expect(output()).not.toContain(sent)
  })

  // Last: it breaks the database under the server on purpose.
  it('says what failed when a request fails on the server, under its id, without the request', async () => {
    const raw = new Database(databasePath)
    try {
      raw.exec('DROP TABLE station_imports')
    }
    finally {
      raw.close()
    }
    const answer = await send('logs-failure', 'GET', `/api/admin/imports?${SEARCH}`, { cookie })
    expect(answer.status).toBe(500)
    await logged(['logs-failure'])
    const failed = lines().map(line => JSON.parse(line) as Record<string, unknown>).find(line => line.msg === 'request failed' && line.requestId === 'logs-failure')
    expect(failed).toMatchObject({ level: 'error', status: 500, err: { message: expect.stringContaining('no such table: station_imports') } })
    expect(JSON.stringify(failed)).not.toContain(cookieValue)
    expect(JSON.stringify(failed)).not.toContain('13700001111')
  })
})
