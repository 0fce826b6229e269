import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Stores } from '../../server/database/stores'
import type { PlacesResponse } from '../../shared/types/place'
import { startServer } from '../setup/server'
import { addStaff, call, client, COOKIE_NAME, login, openStores, PASSWORD, sessionCookie, type Json } from './staff-client'

const baseURL = inject('baseURL')
let stores: Stores
let closeStores: () => Promise<void>
let stationId: string

beforeAll(async () => {
  ;({ stores, close: closeStores } = openStores(inject('databasePath')))
  const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
  stationId = places.find(p => p.districtName === '榆次区')!.id
})
afterAll(() => closeStores?.())

const signIn = (email: string, password: string, origin?: string | null) => call(baseURL, 'POST', '/api/auth/login', { body: { email, password }, origin })

describe('POST /api/auth/login', () => {
  it('signs in with email (any case) and password, and answers the account without any hash', async () => {
    const staff = await addStaff(stores, 'editor', '榆次区')
    const answer = await signIn(staff.email.toUpperCase(), PASSWORD)
    expect(answer.status, answer.text).toBe(200)
    expect(answer.json).toEqual(staff)
    expect(answer.text).not.toMatch(/scrypt|password/i)
    expect(answer.headers.get('cache-control')).toBe('no-store')
    expect(answer.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('gives an unknown email, a wrong password and a disabled account the same answer, after similar work', async () => {
    const [staff, disabled] = await Promise.all([addStaff(stores, 'editor'), addStaff(stores, 'editor')])
    await stores.staff.update(disabled.id, { disabledAt: new Date().toISOString() })
    const timed = async (email: string, password: string) => {
      const start = performance.now()
      const answer = await signIn(email, password)
      return { answer, ms: performance.now() - start }
    }
    const wrong = await timed(staff.email, 'not the password')
    const unknown = await timed(`nobody-${staff.id}@example.org`, 'not the password')
    const off = await timed(disabled.email, PASSWORD)
    for (const { answer } of [wrong, unknown, off]) {
      expect(answer.status).toBe(401)
      expect(answer.json.data).toEqual({ code: 'INVALID_CREDENTIALS' })
      expect(sessionCookie(answer)).toBeUndefined()
    }
    expect(unknown.answer.text).toBe(wrong.answer.text)
    expect(off.answer.text).toBe(wrong.answer.text)
    // Every attempt runs scrypt (tens of milliseconds): an unknown email is not answered at once.
    expect(unknown.ms).toBeGreaterThan(wrong.ms * 0.25)
  })

  it.each<[string, unknown, string]>([
    ['a missing password', { email: 'a@example.org' }, 'application/json'],
    ['a malformed email', { email: 'not-an-email', password: 'x' }, 'application/json'],
    ['an unknown field', { email: 'a@example.org', password: 'x', admin: true }, 'application/json'],
  ])('answers 400 VALIDATION_FAILED for %s', async (_name, body, type) => {
    const answer = await call(baseURL, 'POST', '/api/auth/login', { body, headers: { 'content-type': type } })
    expect(answer.status).toBe(400)
    expect(answer.json.data.code).toBe('VALIDATION_FAILED')
  })

  it('accepts only JSON (a cross-site form cannot post it)', async () => {
    const answer = await call(baseURL, 'POST', '/api/auth/login', { body: 'email=a%40b.cn&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(answer.status).toBe(415)
  })

  it('sets a sealed session cookie: HttpOnly, SameSite=Lax, Path=/, expiring with the absolute limit', async () => {
    const staff = await addStaff(stores, 'editor')
    const answer = await signIn(staff.email, PASSWORD)
    const header = answer.headers.getSetCookie().find(line => line.startsWith(`${COOKIE_NAME}=`))!
    expect(header).toBeDefined()
    const attributes = header.split(';').slice(1).map(a => a.trim().toLowerCase())
    expect(attributes).toContain('httponly')
    expect(attributes).toContain('samesite=lax')
    expect(attributes).toContain('path=/')
    expect(attributes).not.toContain('secure') // plain http here; https sets Secure
    const expires = Date.parse(attributes.find(a => a.startsWith('expires='))!.slice('expires='.length))
    expect(expires - Date.now()).toBeGreaterThan(11 * 3600_000)
    expect(expires - Date.now()).toBeLessThanOrEqual(12 * 3600_000 + 5000)
    const value = header.split(';')[0]!.slice(COOKIE_NAME.length + 1)
    expect(value.startsWith('Fe26.2')).toBe(true) // iron-sealed: the browser cannot read or alter it
    expect(decodeURIComponent(value)).not.toContain(staff.email)
  })

  it('marks the cookie Secure when the request came over https (through a trusted proxy)', async () => {
    const { started, stop } = await ownServer({ NUXT_TRUST_PROXY_HOPS: '1' })
    try {
      const { stores: own, close } = openStores(started.databasePath)
      const staff = await addStaff(own, 'editor')
      await close()
      const answer = await call(started.baseURL, 'POST', '/api/auth/login', { body: { email: staff.email, password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' } })
      expect(answer.status).toBe(200)
      expect(answer.headers.getSetCookie().find(line => line.startsWith(`${COOKIE_NAME}=`))!.toLowerCase()).toContain('; secure')
    }
    finally {
      await stop()
    }
  })
})

describe('GET /api/auth/me and POST /api/auth/logout', () => {
  it('answers the signed-in account, and 401 UNAUTHENTICATED without one', async () => {
    const staff = await addStaff(stores, 'admin')
    const cookie = await login(baseURL, staff.email)
    const me = await client(baseURL, cookie).get('/api/auth/me')
    expect(me.status).toBe(200)
    expect(me.json).toEqual(staff)
    const attention = await client(baseURL, cookie).get('/api/admin/attention')
    expect(attention.headers.get('cache-control')).toBe('no-store')
    expect(attention.headers.get('access-control-allow-origin')).toBeNull()
    const anonymous = await call(baseURL, 'GET', '/api/auth/me')
    expect(anonymous.status).toBe(401)
    expect(anonymous.json.data.code).toBe('UNAUTHENTICATED')
  })

  it('logout deletes the cookie, and the old cookie replayed is refused everywhere', async () => {
    const staff = await addStaff(stores, 'admin')
    const session = client(baseURL, await login(baseURL, staff.email))
    expect((await session.get('/api/admin/attention')).status).toBe(200)
    const out = await session.post('/api/auth/logout')
    expect(out.status).toBe(200)
    const deletion = out.headers.getSetCookie().find(line => line.startsWith(`${COOKIE_NAME}=`))!
    expect(deletion.toLowerCase()).toMatch(/max-age=0/)
    for (const path of ['/api/auth/me', '/api/admin/attention', `/api/admin/stations/${stationId}`]) {
      const replayed = await session.get(path)
      expect(replayed.status, path).toBe(401)
    }
    expect((await session.patch(`/api/admin/stations/${stationId}`, { status: 'closed', reason: '重放' })).status).toBe(401)
    // nuxt-auth-utils' own session route agrees.
    expect((await session.get('/api/_auth/session')).status).toBe(401)
    // Signing in again works.
    expect((await client(baseURL, await login(baseURL, staff.email)).get('/api/auth/me')).status).toBe(200)
  })

  it('signs a disabled account out at once, on its next request', async () => {
    const [admin, editor] = await Promise.all([addStaff(stores, 'admin'), addStaff(stores, 'editor')])
    const editorSession = client(baseURL, await login(baseURL, editor.email))
    expect((await editorSession.get('/api/auth/me')).status).toBe(200)
    const adminSession = client(baseURL, await login(baseURL, admin.email))
    expect((await adminSession.patch(`/api/admin/staff/${editor.id}`, { disabled: true })).status).toBe(200)
    expect((await editorSession.get('/api/auth/me')).status).toBe(401)
    expect((await adminSession.patch(`/api/admin/staff/${editor.id}`, { disabled: false })).status).toBe(200)
    // Disabling also revoked the session: enabling the account does not bring the old cookie back.
    expect((await editorSession.get('/api/auth/me')).status).toBe(401)
  })

  it('applies a role change at once, without signing in again', async () => {
    const [admin, other] = await Promise.all([addStaff(stores, 'admin'), addStaff(stores, 'admin')])
    const otherSession = client(baseURL, await login(baseURL, other.email))
    expect((await otherSession.get('/api/admin/staff')).status).toBe(200)
    const adminSession = client(baseURL, await login(baseURL, admin.email))
    expect((await adminSession.patch(`/api/admin/staff/${other.id}`, { role: 'editor' })).status).toBe(200)
    expect((await otherSession.get('/api/admin/staff')).status).toBe(403)
  })
})

describe('cross-site requests', () => {
  it.each<[string, Record<string, string>]>([
    ['Origin: https://evil.example', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site', 'origin': 'https://sub.127.0.0.1' }],
    ['Origin: null', { origin: 'null' }],
  ])('refuses a signed-in PATCH with %s: 403 CROSS_SITE, and changes nothing', async (_name, headers) => {
    const staff = await addStaff(stores, 'admin')
    const cookie = await login(baseURL, staff.email)
    const before = (await call(baseURL, 'GET', `/api/stations/${stationId}`)).json
    const answer = await call(baseURL, 'PATCH', `/api/admin/stations/${stationId}`, {
      cookie, origin: null, headers, body: { status: 'closed', reason: '跨站请求' },
    })
    expect(answer.status).toBe(403)
    expect(answer.json.data.code).toBe('CROSS_SITE')
    expect((await call(baseURL, 'GET', `/api/stations/${stationId}`)).json.status).toBe(before.status)
  })

  it('refuses cross-site sign-in and sign-out', async () => {
    const staff = await addStaff(stores, 'editor')
    const loginAnswer = await signIn(staff.email, PASSWORD, 'https://evil.example')
    expect(loginAnswer.status).toBe(403)
    expect(loginAnswer.json.data.code).toBe('CROSS_SITE')
    const cookie = await login(baseURL, staff.email)
    const logout = await call(baseURL, 'POST', '/api/auth/logout', { cookie, origin: 'https://evil.example' })
    expect(logout.status).toBe(403)
    expect((await client(baseURL, cookie).get('/api/auth/me')).status).toBe(200)
    const logoutAlt = await call(baseURL, 'DELETE', '/api/_auth/session', { cookie, origin: 'https://evil.example' })
    expect(logoutAlt.status).toBe(403)
  })

  it('accepts the same request from the same origin (Origin or Sec-Fetch-Site: same-origin)', async () => {
    const staff = await addStaff(stores, 'admin')
    const cookie = await login(baseURL, staff.email)
    const edit = { lastVerified: '2026-01-02', reason: '同源请求' }
    expect((await call(baseURL, 'PATCH', `/api/admin/stations/${stationId}`, { cookie, body: edit })).status).toBe(200)
    expect((await call(baseURL, 'PATCH', `/api/admin/stations/${stationId}`, {
      cookie, origin: null, headers: { 'sec-fetch-site': 'same-origin' }, body: { ...edit, lastVerified: '2026-01-03' },
    })).status).toBe(200)
  })

  it('does not guard GET requests or the public suggestion route', async () => {
    expect((await call(baseURL, 'GET', '/api/stations', { origin: 'https://evil.example' })).status).toBe(200)
    const answer = await call(baseURL, 'POST', '/api/suggestions', {
      origin: 'https://evil.example', body: { kind: 'confirm', id: crypto.randomUUID(), stationId },
    })
    expect(answer.status).toBe(201)
  })
})

// Servers of their own: rate limits, expiry and configuration need settings the shared server does not have.

interface Own { baseURL: string, databasePath: string }

async function ownServer(env: Record<string, string>): Promise<{ started: Own, child: ChildProcess, stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yizhan-staff-'))
  const databasePath = join(dataDir, 'staff.sqlite')
  const { baseURL, child } = await startServer({ DATABASE_URL: `file:${databasePath}`, ...env })
  return {
    started: { baseURL, databasePath },
    child,
    stop: async () => {
      child.kill('SIGKILL')
      await new Promise(r => child.once('exit', r))
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A login from its own loopback address (127.0.0.x), so each test is a separate client. */
function loginFrom(own: Own, localAddress: string, email: string, password: string) {
  const url = new URL(own.baseURL)
  return new Promise<{ status: number, retryAfter?: string, json: Json }>((done, fail) => {
    const req = request({
      host: url.hostname, port: url.port, method: 'POST', path: '/api/auth/login', localAddress,
      headers: { 'content-type': 'application/json', 'origin': url.origin, 'connection': 'close' },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', c => chunks.push(c))
      res.on('end', () => done({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, json: JSON.parse(Buffer.concat(chunks).toString()) }))
    })
    req.on('error', fail)
    req.end(JSON.stringify({ email, password }))
  })
}

describe('sign-in limits and session expiry (own server)', () => {
  let own: Awaited<ReturnType<typeof ownServer>>
  let ownStores: Stores
  let closeOwn: () => Promise<void>

  beforeAll(async () => {
    own = await ownServer({
      NUXT_STAFF_LOGIN_RATE_LIMIT_MAX: '6',
      NUXT_STAFF_LOGIN_RATE_LIMIT_PER_EMAIL_MAX: '3',
      NUXT_STAFF_LOGIN_RATE_LIMIT_WINDOW_MS: '60000',
      NUXT_STAFF_SESSION_IDLE_SECONDS: '2',
      NUXT_SESSION_MAX_AGE: '5',
    })
    ;({ stores: ownStores, close: closeOwn } = openStores(own.started.databasePath))
  })
  afterAll(async () => {
    await closeOwn?.()
    await own?.stop()
  })

  it('after 3 wrong passwords for one email from one address, refuses the 4th there with 429, even with the right password', async () => {
    const staff = await addStaff(ownStores, 'editor')
    for (let i = 0; i < 3; i++) expect((await loginFrom(own.started, '127.0.0.10', staff.email, 'wrong password')).status).toBe(401)
    const limited = await loginFrom(own.started, '127.0.0.10', staff.email, PASSWORD)
    expect(limited.status).toBe(429)
    expect(limited.json.data.code).toBe('RATE_LIMITED')
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1)
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60)
  })

  it('never locks the staff member out from elsewhere: wrong guesses from one address leave other addresses alone', async () => {
    const staff = await addStaff(ownStores, 'editor')
    for (let i = 0; i < 4; i++) await loginFrom(own.started, '127.0.0.11', staff.email, 'wrong password')
    expect((await loginFrom(own.started, '127.0.0.12', staff.email, PASSWORD)).status).toBe(200)
  })

  it('counts failed sign-ins only: the right password again and again is never limited per email', async () => {
    const staff = await addStaff(ownStores, 'editor')
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await loginFrom(own.started, '127.0.0.13', staff.email, PASSWORD)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200])
  })

  it('refuses the 7th attempt from one address, whatever the email', async () => {
    const statuses = []
    for (let i = 0; i < 7; i++) statuses.push((await loginFrom(own.started, '127.0.0.30', `guess-${i}@example.org`, 'guess')).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429])
  })

  it('expires a session left idle, and refreshes one in use until its absolute limit', async () => {
    const staff = await addStaff(ownStores, 'editor')
    const idle = client(own.started.baseURL, await login(own.started.baseURL, staff.email))
    const busy = client(own.started.baseURL, await login(own.started.baseURL, staff.email))
    const wait = (ms: number) => new Promise(r => setTimeout(r, ms))
    for (let i = 0; i < 4; i++) {
      await wait(900)
      expect((await busy.get('/api/auth/me')).status, `busy at ${(i + 1) * 0.9}s`).toBe(200)
    }
    expect((await idle.get('/api/auth/me')).status).toBe(401)
    await wait(1800) // past the 5 s absolute limit, though used within the idle limit
    expect((await busy.get('/api/auth/me')).status).toBe(401)
  })
})

describe('without NUXT_SESSION_PASSWORD (own server)', () => {
  it('answers staff routes 503 AUTH_NOT_CONFIGURED and keeps the public map working', async () => {
    const own = await ownServer({ NUXT_SESSION_PASSWORD: '' })
    try {
      const login = await call(own.started.baseURL, 'POST', '/api/auth/login', { body: { email: 'a@example.org', password: 'x' } })
      expect(login.status).toBe(503)
      expect(login.json.data.code).toBe('AUTH_NOT_CONFIGURED')
      expect((await call(own.started.baseURL, 'GET', '/api/admin/attention')).status).toBe(503)
      expect((await call(own.started.baseURL, 'GET', '/api/stations')).status).toBe(200)
    }
    finally {
      await own.stop()
    }
  })
})
