import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { fetch, setup } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { issueTokenWith } from '../../server/utils/suggestions/token'
import type { Place, PlacesResponse } from '../../shared/types/place'
import { TEST_CLIENT_HASH_SECRET } from '../setup/server'

await setup({ host: inject('baseURL') })

interface Row { id: string, kind: string, station_id: string | null, status: string, body: string, body_hash: string, contact: string | null, created_at: string }
/** A parsed answer: a receipt, an error (`data.code`) or a list of places, as the test expects. */
interface ApiJson {
  id: string
  status: string
  statusCode: number
  message: string
  data: { code: string, issues: Array<{ path: string, code: string, message: string }>, retryAfter: number }
  places: unknown[]
}
interface Answer { status: number, headers: Headers, text: string, json: ApiJson }

const LIMIT = 16_384
let db: Database.Database
let stationId: string
let stationIds: string[]

beforeAll(async () => {
  db = new Database(inject('databasePath'), { readonly: true, fileMustExist: true })
  const { places } = await (await fetch('/api/stations')).json() as PlacesResponse
  stationIds = places.map(p => p.id)
  stationId = places.find(p => p.kind === 'rest-station')?.id ?? stationIds[0]!
})
afterAll(() => db?.close())

const rowsWithId = (id: unknown) => db.prepare<[string], Row>('SELECT * FROM suggestions WHERE id = ?').all(String(id))

/** Posts `body` (an object is sent as JSON, a string as is) and reads the whole answer. */
async function post(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
  const response = await fetch('/api/suggestions', {
    method: 'POST',
    headers,
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'),
  })
  const text = await response.text()
  let json = undefined as unknown as ApiJson
  try {
    json = JSON.parse(text)
  }
  catch { /* asserted by the caller */ }
  return { status: response.status, headers: response.headers, text, json }
}

// Valid bodies of each kind; `id` is filled in fresh for every use.
const newStation = () => ({
  kind: 'new-station', id: randomUUID(), name: '榆次新建路爱心驿站', location: { lat: 37.69, lng: 112.75 }, fillMs: 8000,
})
const correction = () => ({ kind: 'correction', id: randomUUID(), stationId, changes: { hours: 'Mo-Fr 08:00-18:00' }, fillMs: 8000 })
const problem = () => ({ kind: 'problem', id: randomUUID(), stationId, reason: 'locked', fillMs: 8000 })
const confirm = () => ({ kind: 'confirm', id: randomUUID(), stationId })
/** A form token as the server would have issued it `ageMs` ago (the fill time is measured from it). */
const tokenAged = (ageMs: number) => issueTokenWith(TEST_CLIENT_HASH_SECRET, Date.now() - ageMs)

describe('POST /api/suggestions: valid bodies', () => {
  it.each<[string, () => Record<string, unknown>]>([
    ['a new station with the required fields only', newStation],
    ['a new station with every field', () => ({
      ...newStation(), placeKind: 'nursing-room', amenities: ['water', 'toilet', 'nursing'], hours: 'Mo-Su 08:00-20:00',
      address: '榆次区新建路 88 号', contact: '13800000000', website: '',
    })],
    ['a correction of one field', correction],
    ['a correction of several fields', () => ({
      ...correction(),
      changes: { name: '新名称', phone: '0354-1234567', amenities: ['wifi'], location: { lat: 37.7, lng: 112.76 } },
      note: '门牌换了',
    })],
    ['a problem with a listed reason', problem],
    ['a problem "other" with a note', () => ({ ...problem(), reason: 'other', note: '饮水机没有热水' })],
    ['a confirm without fillMs', confirm],
    ['a confirm with fillMs 0', () => ({ ...confirm(), fillMs: 0 })],
    ['text with Chinese, emoji, <script> and >', () => ({ ...problem(), reason: 'other', note: '门锁了 🔒🚲 <script>alert(1)</script> a > b & "c"' })],
  ])('stores %s: 201 with {id, status: pending}', async (_name, make) => {
    const body = make()
    const answer = await post(body)
    expect(answer.status, answer.text).toBe(201)
    expect(answer.json).toEqual({ id: body.id, status: 'pending' })
    const rows = rowsWithId(body.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.kind).toBe(body.kind)
    expect(rows[0]!.status).toBe('pending')
    expect(rows[0]!.station_id).toBe(body.kind === 'new-station' ? null : stationId)
  })

  it('accepts a body of exactly 16384 bytes', async () => {
    const body = { ...problem(), reason: 'other', note: '边界' }
    const json = JSON.stringify(body)
    const answer = await post(json + ' '.repeat(LIMIT - Buffer.byteLength(json)))
    expect(answer.status, answer.text).toBe(201)
    expect(rowsWithId(body.id)).toHaveLength(1)
  })

  it.each([
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/problem+json',
  ])('accepts the JSON content type %s', async (type) => {
    const body = confirm()
    expect((await post(body, { 'content-type': type })).status).toBe(201)
  })
})

describe('POST /api/suggestions: what is stored', () => {
  it('keeps the text byte for byte', async () => {
    const note = '门锁着 <script>alert("x")</script> > 🔒👷‍♀️ 𠀀 é ñ \u200b 中文'
    const name = '<b>示例</b> 驿站 🚚'
    const body = { ...newStation(), name, address: 'a > b < c', hours: '24/7' }
    expect((await post(body)).status).toBe(201)
    const problemBody = { ...problem(), reason: 'other', note }
    expect((await post(problemBody)).status).toBe(201)

    const stored = JSON.parse(rowsWithId(body.id)[0]!.body)
    expect(Buffer.from(stored.name, 'utf8').equals(Buffer.from(name, 'utf8'))).toBe(true)
    expect(stored.address).toBe('a > b < c')
    const storedProblem = rowsWithId(problemBody.id)[0]!
    expect(Buffer.from(JSON.parse(storedProblem.body).note, 'utf8').equals(Buffer.from(note, 'utf8'))).toBe(true)
    // Not HTML-escaped in the column either.
    expect(storedProblem.body).toContain('<script>alert(\\"x\\")</script> > 🔒👷‍♀️')
  })

  it('keeps contact in its own column, never in body', async () => {
    const contact = `wx_${randomUUID().slice(0, 8)}`
    const body = { ...problem(), contact }
    expect((await post(body)).status).toBe(201)
    const [row] = rowsWithId(body.id)
    expect(row!.contact).toBe(contact)
    expect(row!.body).not.toContain(contact)
    expect(JSON.parse(row!.body)).not.toHaveProperty('contact')
    expect(JSON.parse(row!.body)).toMatchObject({ id: body.id, kind: 'problem', stationId, reason: 'locked' })
  })

  it('stores no contact when none is given', async () => {
    const body = confirm()
    expect((await post(body)).status).toBe(201)
    expect(rowsWithId(body.id)[0]!.contact).toBeNull()
  })

  it('never stores the honeypot field', async () => {
    const body = { ...confirm(), website: '' }
    expect((await post(body)).status).toBe(201)
    expect(JSON.parse(rowsWithId(body.id)[0]!.body)).not.toHaveProperty('website')
  })
})

describe('POST /api/suggestions: invalid bodies', () => {
  it.each<[string, () => Record<string, unknown>, number, string, string | undefined]>([
    ['a new station without a name', () => ({ ...newStation(), name: undefined }), 400, 'VALIDATION_FAILED', 'name'],
    ['a one-letter name', () => ({ ...newStation(), name: 'A' }), 400, 'VALIDATION_FAILED', 'name'],
    ['a name of spaces only', () => ({ ...newStation(), name: '      ' }), 400, 'VALIDATION_FAILED', 'name'],
    ['a 61-character name', () => ({ ...newStation(), name: '驿'.repeat(61) }), 400, 'VALIDATION_FAILED', 'name'],
    ['a location outside 晋中', () => ({ ...newStation(), location: { lat: 39.9, lng: 112.75 } }), 400, 'VALIDATION_FAILED', 'location.lat'],
    ['a longitude outside 晋中', () => ({ ...newStation(), location: { lat: 37.69, lng: 116.4 } }), 400, 'VALIDATION_FAILED', 'location.lng'],
    ['a location given as a string', () => ({ ...newStation(), location: '37.69,112.75' }), 400, 'VALIDATION_FAILED', 'location'],
    ['an unknown amenity', () => ({ ...newStation(), amenities: ['water', 'sauna'] }), 400, 'VALIDATION_FAILED', 'amenities.1'],
    ['a repeated amenity', () => ({ ...newStation(), amenities: ['water', 'water'] }), 400, 'VALIDATION_FAILED', 'amenities'],
    ['an unknown place kind', () => ({ ...newStation(), placeKind: 'casino' }), 400, 'VALIDATION_FAILED', 'placeKind'],
    ['a problem "other" without a note', () => ({ ...problem(), reason: 'other' }), 400, 'VALIDATION_FAILED', 'note'],
    ['a problem "other" with a blank note', () => ({ ...problem(), reason: 'other', note: '   ' }), 400, 'VALIDATION_FAILED', 'note'],
    ['a problem with an unknown reason', () => ({ ...problem(), reason: 'haunted' }), 400, 'VALIDATION_FAILED', 'reason'],
    ['a correction with empty changes', () => ({ ...correction(), changes: {} }), 400, 'VALIDATION_FAILED', 'changes'],
    ['a correction with an unknown change', () => ({ ...correction(), changes: { colour: 'red' } }), 400, 'VALIDATION_FAILED', 'changes'],
    ['a correction with a bad phone', () => ({ ...correction(), changes: { phone: 'call me' } }), 400, 'VALIDATION_FAILED', 'changes.phone'],
    ['a bad uuid', () => ({ ...confirm(), id: 'not-a-uuid' }), 400, 'VALIDATION_FAILED', 'id'],
    ['a missing id', () => ({ ...confirm(), id: undefined }), 400, 'VALIDATION_FAILED', 'id'],
    ['a numeric id', () => ({ ...confirm(), id: 42 }), 400, 'VALIDATION_FAILED', 'id'],
    ['an unknown kind', () => ({ ...confirm(), kind: 'praise' }), 400, 'VALIDATION_FAILED', 'kind'],
    ['a missing kind', () => ({ ...confirm(), kind: undefined }), 400, 'VALIDATION_FAILED', 'kind'],
    ['an extra field', () => ({ ...confirm(), admin: true }), 400, 'VALIDATION_FAILED', ''],
    ['a station id with capitals', () => ({ ...confirm(), stationId: 'Yuci-Beiguan' }), 400, 'VALIDATION_FAILED', 'stationId'],
    ['a 51-character contact', () => ({ ...problem(), contact: '1'.repeat(51) }), 400, 'VALIDATION_FAILED', 'contact'],
    ['a fractional fillMs', () => ({ ...problem(), fillMs: 3500.5 }), 400, 'VALIDATION_FAILED', 'fillMs'],
    ['a negative fillMs', () => ({ ...problem(), fillMs: -1 }), 400, 'VALIDATION_FAILED', 'fillMs'],
    ['fillMs as a string', () => ({ ...problem(), fillMs: '8000' }), 400, 'VALIDATION_FAILED', 'fillMs'],
    ['a token of the wrong shape', () => ({ ...problem(), token: 'not-a-token' }), 400, 'VALIDATION_FAILED', 'token'],
    ['an unknown station id', () => ({ ...confirm(), stationId: 'no-such-station' }), 400, 'UNKNOWN_STATION', 'stationId'],
    ['a correction of an unknown station', () => ({ ...correction(), stationId: 'no-such-station' }), 400, 'UNKNOWN_STATION', 'stationId'],
    ['a filled honeypot', () => ({ ...problem(), website: 'http://spam.example' }), 400, 'SPAM_SUSPECTED', undefined],
    ['a filled honeypot on a confirm', () => ({ ...confirm(), website: 'x' }), 400, 'SPAM_SUSPECTED', undefined],
    // The fill time is the server's, from its token: what the body says (fillMs) is not believed.
    ['a token issued 500 ms ago', () => ({ ...problem(), token: tokenAged(500) }), 400, 'TOO_FAST', undefined],
    ['a token issued 2 s ago, with fillMs 8000', () => ({ ...newStation(), token: tokenAged(2000) }), 400, 'TOO_FAST', undefined],
    ['a token issued just now, without fillMs', () => ({ ...problem(), fillMs: undefined, token: tokenAged(0) }), 400, 'TOO_FAST', undefined],
  ])('rejects %s: %i %s, path %s, nothing stored', async (_name, make, status, code, path) => {
    const body = make()
    const answer = await post(body)
    expect(answer.status, answer.text).toBe(status)
    expect(answer.headers.get('content-type')).toContain('application/json')
    expect(answer.json.statusCode).toBe(status)
    expect(answer.json.message).toEqual(expect.any(String))
    expect(answer.json.data.code).toBe(code)
    if (path !== undefined) {
      expect(answer.json.data.issues).toEqual(expect.arrayContaining([
        { path, code: expect.any(String), message: expect.any(String) },
      ]))
    }
    if (typeof body.id === 'string') expect(rowsWithId(body.id)).toHaveLength(0)
  })

  it('accepts a token issued 3000 ms ago, the minimum', async () => {
    expect((await post({ ...problem(), token: tokenAged(3000) })).status).toBe(201)
  })

  it.each<[string, string | Buffer, Record<string, string>, number, string]>([
    ['text/plain', JSON.stringify(confirm()), { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a form', 'kind=confirm', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['multipart', '--x\r\n\r\n--x--', { 'content-type': 'multipart/form-data; boundary=x' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['no content type', JSON.stringify(confirm()), {}, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['application/jsonp', JSON.stringify(confirm()), { 'content-type': 'application/jsonp' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['broken JSON', '{"kind":"confirm",', { 'content-type': 'application/json' }, 400, 'INVALID_JSON'],
    ['an empty body', '', { 'content-type': 'application/json' }, 400, 'INVALID_JSON'],
    ['single quotes', '{\'kind\':\'confirm\'}', { 'content-type': 'application/json' }, 400, 'INVALID_JSON'],
    ['null', 'null', { 'content-type': 'application/json' }, 400, 'VALIDATION_FAILED'],
    ['an array', '[]', { 'content-type': 'application/json' }, 400, 'VALIDATION_FAILED'],
    ['a number', '42', { 'content-type': 'application/json' }, 400, 'VALIDATION_FAILED'],
    ['a 17 KB body', JSON.stringify({ ...problem(), note: 'x'.repeat(17 * 1024) }), { 'content-type': 'application/json' }, 413, 'PAYLOAD_TOO_LARGE'],
    ['16385 bytes', `${JSON.stringify(confirm())}${' '.repeat(LIMIT)}`.slice(0, LIMIT + 1), { 'content-type': 'application/json' }, 413, 'PAYLOAD_TOO_LARGE'],
  ])('rejects %s', async (_name, raw, headers, status, code) => {
    const answer = await post(raw, headers)
    expect(answer.status, answer.text).toBe(status)
    expect(answer.json.data.code).toBe(code)
    const id = /"id":"([^"]+)"/.exec(String(raw))?.[1]
    if (id) expect(rowsWithId(id)).toHaveLength(0)
  })

  it('rejects a 17 KB body sent chunked, without a Content-Length', async () => {
    const body = { ...problem(), note: '长'.repeat(6000) }
    const bytes = Buffer.from(JSON.stringify(body))
    expect(bytes.length).toBeGreaterThan(LIMIT)
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.subarray(i, i + 4096))
        controller.close()
      },
    })
    const response = await fetch('/api/suggestions', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(413)
    expect((await response.json()).data.code).toBe('PAYLOAD_TOO_LARGE')
    expect(rowsWithId(body.id)).toHaveLength(0)
  })

  // nuxt-security's generic 2 MB limiter is off for this route (nuxt.config.ts), so its own 413 answers.
  it('rejects a 3 MB body with 413 PAYLOAD_TOO_LARGE', async () => {
    const answer = await post({ ...problem(), note: 'x'.repeat(3_000_000) })
    expect(answer.status).toBe(413)
    expect(answer.json.data.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('does not let __proto__ or constructor keys through', async () => {
    const id = randomUUID()
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const raw = `{"kind":"confirm","id":"${id}","stationId":"${stationId}","${key}":{"kind":"new-station","isAdmin":true}}`
      const answer = await post(raw)
      expect(answer.status, key).toBe(400)
      expect(answer.json.data.code).toBe('VALIDATION_FAILED')
    }
    expect(rowsWithId(id)).toHaveLength(0)
    // The server still tells kinds apart afterwards.
    expect((await post({})).json.data.code).toBe('VALIDATION_FAILED')
    expect((await post(confirm())).status).toBe(201)
  })
})

describe('POST /api/suggestions: idempotency', () => {
  it('answers a repeated body 200 with the same receipt and stores it once', async () => {
    const body = { ...problem(), reason: 'other', note: '重复提交', contact: '13900000000' }
    const first = await post(body)
    const second = await post(body)
    expect(first.status).toBe(201)
    expect(second.status).toBe(200)
    expect(second.json).toEqual(first.json)
    expect(second.json).toEqual({ id: body.id, status: 'pending' })
    expect(rowsWithId(body.id)).toHaveLength(1)
  })

  it('treats a retry with another fillMs or trailing spaces as the same suggestion', async () => {
    const body = { ...problem(), reason: 'other', note: '重试' }
    expect((await post(body)).status).toBe(201)
    const row = rowsWithId(body.id)[0]
    expect((await post({ ...body, fillMs: 12_345, note: ' 重试 ' })).status).toBe(200)
    expect(rowsWithId(body.id)).toEqual([row])
  })

  it.each<[string, (body: Record<string, unknown>) => Record<string, unknown>]>([
    ['another note', body => ({ ...body, note: '另一件事' })],
    ['another contact', body => ({ ...body, contact: 'wx_other' })],
    ['another kind', body => ({ kind: 'confirm', id: body.id, stationId })],
  ])('answers the same id with %s 409 and leaves the row unchanged', async (_name, change) => {
    const body = { ...problem(), reason: 'other', note: '原来的内容' }
    expect((await post(body)).status).toBe(201)
    const before = rowsWithId(body.id)
    const answer = await post(change(body))
    expect(answer.status, answer.text).toBe(409)
    expect(answer.json.data.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(rowsWithId(body.id)).toEqual(before)
    // The original is still recognised as a retry.
    expect((await post(body)).status).toBe(200)
  })

  it('stores 20 concurrent identical requests once: one 201, nineteen 200', async () => {
    const body = { ...newStation(), amenities: ['water'], contact: '并发' }
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(body)))
    const statuses = answers.map(a => a.status)
    expect(statuses.filter(s => s === 201)).toHaveLength(1)
    expect(statuses.filter(s => s === 200)).toHaveLength(19)
    for (const answer of answers) expect(answer.json).toEqual({ id: body.id, status: 'pending' })
    expect(rowsWithId(body.id)).toHaveLength(1)
  })

  it('does not let a rejected body claim an id', async () => {
    const body = problem()
    expect((await post({ ...body, token: tokenAged(10) })).status).toBe(400)
    expect((await post(body)).status).toBe(201)
  })
})

describe('confirm and lastConfirmed', () => {
  it('makes GET /api/stations/:id and /api/stations report lastConfirmed', async () => {
    const { places } = await (await fetch('/api/stations')).json() as PlacesResponse
    const target = places.find(p => !p.lastConfirmed) ?? places[places.length - 1]!
    const previous = target.lastConfirmed

    // Rejected confirms change nothing.
    expect((await post({ ...confirm(), stationId: target.id, website: 'bot' })).status).toBe(400)
    expect((await (await fetch(`/api/stations/${target.id}`)).json() as Place).lastConfirmed).toBe(previous)

    const before = Date.now()
    // Only a confirm from a form the server vouched for counts (tests/server/suggestions-bot-checks.test.ts).
    const body = { ...confirm(), stationId: target.id, token: tokenAged(1000) }
    expect((await post(body)).status).toBe(201)
    const after = Date.now()

    const place = await (await fetch(`/api/stations/${target.id}`)).json() as Place
    expect(place.lastConfirmed).toEqual(expect.any(String))
    const at = Date.parse(place.lastConfirmed!)
    expect(at).toBeGreaterThanOrEqual(before - 1000)
    expect(at).toBeLessThanOrEqual(after + 1000)
    expect(place.lastConfirmed).toBe(rowsWithId(body.id)[0]!.created_at)

    const list = await (await fetch('/api/stations')).json() as PlacesResponse
    expect(list.places.find(p => p.id === target.id)!.lastConfirmed).toBe(place.lastConfirmed)
  })

  it('does not set lastConfirmed from a problem report', async () => {
    const { places } = await (await fetch('/api/stations')).json() as PlacesResponse
    const target = places.find(p => !p.lastConfirmed)
    if (!target) return expect(places.every(p => p.lastConfirmed)).toBe(true)
    expect((await post({ ...problem(), stationId: target.id })).status).toBe(201)
    expect((await (await fetch(`/api/stations/${target.id}`)).json() as Place).lastConfirmed).toBeUndefined()
  })
})

describe('contact stays private', () => {
  it('never appears in any public answer', async () => {
    const contact = `secret_${randomUUID().replaceAll('-', '')}`
    const bodies = [
      { ...newStation(), contact },
      { ...correction(), contact },
      { ...problem(), contact },
      { ...confirm(), contact },
    ]
    for (const body of bodies) {
      const answer = await post(body)
      expect(answer.status).toBe(201)
      expect(answer.text).not.toContain(contact)
      expect((await post(body)).text).not.toContain(contact)
    }
    // Nor in error answers.
    for (const bad of [{ ...problem(), contact, token: tokenAged(1) }, { ...problem(), contact, reason: 'x' }, { ...bodies[2]!, note: 'changed' }]) {
      const answer = await post(bad)
      expect(answer.status).toBeGreaterThanOrEqual(400)
      expect(answer.text).not.toContain(contact)
    }
    expect(rowsWithId(bodies[0]!.id)[0]!.contact).toBe(contact)

    const list = await (await fetch('/api/stations')).text()
    expect(list).not.toContain(contact)
    expect(list).not.toContain('"contact"')
    for (const id of stationIds) {
      const one = await (await fetch(`/api/stations/${id}`)).text()
      expect(one, id).not.toContain(contact)
      expect(one, id).not.toContain('"contact"')
    }
  })
})
