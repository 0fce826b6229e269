import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkTokenWith, issueTokenWith } from '../../server/utils/suggestions/token'
import { PROBLEM_REASON_KEYS, SuggestionSchema } from '../../shared/schemas/suggestion'
import type { PlacesResponse } from '../../shared/types/place'
import { REGION_VIEWS } from '../../shared/regions.config'
import { AMENITY_KEYS, KIND_KEYS } from '../../shared/utils/vocabulary'
import { startServer, TEST_CLIENT_HASH_SECRET } from '../setup/server'

const BOUNDS = REGION_VIEWS['140700']!.bounds

/**
 * Property-based fuzzing of POST /api/suggestions on a server of its own. Every generated request
 * has an expected outcome worked out from the contract (content type, size, JSON, the shared schema,
 * honeypot, fill time measured from the form token, station list); the server must give it, never a 5xx, always a JSON error with
 * data.code, and the database must hold exactly the acknowledged suggestions.
 * Reproduce a failure with FUZZ_SEED=<seed> (and FUZZ_RUNS=<n>).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129)
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000)
const LIMIT = 16_384
const MIN_FILL_MS = 3000

let baseURL: string
let child: ChildProcess | undefined
let dataDir: string
let db: Database.Database
let stationIds: string[]

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yizhan-fuzz-'))
  const databasePath = join(dataDir, 'fuzz.sqlite')
  const started = await startServer({ DATABASE_URL: `file:${databasePath}`, NUXT_SUGGESTIONS_RATE_LIMIT_MAX: '1000000' })
  baseURL = started.baseURL
  child = started.child
  db = new Database(databasePath, { readonly: true, fileMustExist: true })
  const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
  stationIds = places.map(p => p.id)
})

afterAll(() => {
  db?.close()
  child?.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

// ---------------------------------------------------------------------------------------------
// Generators

/** Content types with whether the contract calls them JSON. */
const CONTENT_TYPES: Array<[string | undefined, boolean]> = [
  ['application/json; charset=utf-8', true],
  ['application/json;charset=UTF-8', true],
  ['application/json; charset=gbk', true],
  ['APPLICATION/JSON', true],
  ['application/problem+json', true],
  ['application/vnd.api+json', true],
  [undefined, false],
  ['', false],
  ['text/plain', false],
  ['text/plain;charset=UTF-8', false],
  ['multipart/form-data; boundary=----fuzz', false],
  ['application/x-www-form-urlencoded', false],
  ['application/jsonx', false],
  ['application/json-seq', false],
  ['application/octet-stream', false],
]

const loneSurrogate = fc.integer({ min: 0xD800, max: 0xDFFF }).map(code => String.fromCharCode(code))
const unicodeText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.oneof(loneSurrogate, fc.string({ unit: 'grapheme', maxLength: 3 }), fc.constantFrom('<script>', '>', '"', '\\', '\u0000', '🚲', '中文', ' ')), { maxLength: 12 })
    .map(parts => parts.join('')),
)
/** Long strings: some far past the body limit (up to ~160 KB of UTF-8). */
const hugeText = fc.tuple(fc.constantFrom('x', '长', '🚲', ' ', '\\'), fc.integer({ min: 500, max: 40_000 }))
  .map(([unit, n]) => unit.repeat(n))
/** Arrays and objects nested up to 3000 levels. */
const deepValue = fc.tuple(fc.integer({ min: 10, max: 3000 }), fc.boolean())
  .map(([depth, objects]) => {
    let value: unknown = 'leaf'
    for (let i = 0; i < depth; i++) value = objects && i % 2 ? { a: value } : [value]
    return value
  })
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constantFrom(-0, 1e308, -1, 2 ** 53 + 1, 3000.5),
  unicodeText, hugeText, deepValue, fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.constantFrom(...AMENITY_KEYS, 'sauna', '')), fc.constant({}), fc.constant([]),
)

const stationId = fc.oneof(
  // Station ids are known once the server answers; generation happens after that.
  { weight: 9, arbitrary: fc.nat().map(i => stationIds[i % stationIds.length]!) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]{1,12}(?:-[a-z0-9]{1,8}){0,3}$/) },
)
// What a client says about its fill time: believed by no one, any value the schema takes.
const fillMs = fc.integer({ min: 0, max: 600_000 })
/** A form token as the server would have issued it `ageMs` before the case is generated. */
const aged = (min: number, max: number) => fc.integer({ min, max }).map(ageMs => issueTokenWith(TEST_CLIENT_HASH_SECRET, Date.now() - ageMs))
// Ages stay a second clear of the minimum fill time, so the time a case takes cannot change its outcome.
const token = fc.oneof(
  { weight: 6, arbitrary: aged(MIN_FILL_MS + 1000, 3_600_000) },
  { weight: 2, arbitrary: aged(0, MIN_FILL_MS - 1000) },
  { weight: 1, arbitrary: aged(86_400_000 + 60_000, 7 * 86_400_000) },
  { weight: 1, arbitrary: fc.stringMatching(/^\d{13}\.[\w-]{22}$/) },
)
/** Text a person might type (mostly valid), sometimes anything at all. */
const typed = fc.constantFrom(...'驿站榆次区顺城街号门锁着饮水机坏了abcXYZ0123 <>&"\'🚲🔒👷‍♀️é')
const text = (min: number, max: number) => fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: typed, minLength: min, maxLength: max }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: max }) },
  { weight: 1, arbitrary: unicodeText },
)
const location = fc.record({
  lat: fc.double({ min: BOUNDS.south, max: BOUNDS.north, noNaN: true }),
  lng: fc.double({ min: BOUNDS.west, max: BOUNDS.east, noNaN: true }),
})
const common = {
  contact: fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 20 }), fc.constantFrom('13800000000', 'wx_rider', '  ')),
  website: fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }),
  fillMs,
  token,
}
const amenities = fc.uniqueArray(fc.constantFrom(...AMENITY_KEYS), { maxLength: 5 })

/** Bodies built to be valid (some are not, by chance: the oracle decides). No id: it is added fresh. */
const validBody: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({
    kind: fc.constant('new-station'), name: text(2, 20), location, fillMs, token, amenities,
    placeKind: fc.constantFrom(...KIND_KEYS), hours: text(0, 20), address: text(0, 40), contact: common.contact, website: common.website,
  }, { requiredKeys: ['kind', 'name', 'location', 'fillMs'] }),
  fc.record({
    kind: fc.constant('correction'), stationId, fillMs, token, note: text(0, 60), contact: common.contact,
    changes: fc.record({
      name: text(2, 20), address: text(2, 40), arrivalHint: text(0, 40), hours: text(1, 20),
      phone: fc.stringMatching(/^\+?[\d-]{3,20}$/), amenities, location,
    }, { requiredKeys: [] }).filter(changes => Object.keys(changes).length > 0),
  }, { requiredKeys: ['kind', 'stationId', 'fillMs', 'changes'] }),
  fc.record({
    kind: fc.constant('problem'), stationId, fillMs, token, reason: fc.constantFrom(...PROBLEM_REASON_KEYS), note: text(0, 60),
    contact: common.contact, website: common.website,
  }, { requiredKeys: ['kind', 'stationId', 'fillMs', 'reason'] }),
  fc.record({ kind: fc.constant('confirm'), stationId, fillMs: common.fillMs, token, contact: common.contact, website: common.website }, { requiredKeys: ['kind', 'stationId'] }),
)

const FIELDS = ['kind', 'id', 'name', 'location', 'amenities', 'placeKind', 'hours', 'address', 'contact', 'website', 'fillMs', 'token',
  'stationId', 'changes', 'note', 'reason', 'extra', 'toString', 'hasOwnProperty']
const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...FIELDS) }),
  fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...FIELDS), value: weirdValue }),
  fc.record({ op: fc.constant('set-nested' as const), key: fc.constantFrom('location', 'changes'), inner: fc.constantFrom('lat', 'lng', 'name', 'phone', 'precision', 'x'), value: weirdValue }),
)
const nearValidBody = fc.tuple(validBody, mutation).map(([body, change]) => {
  const copy: Record<string, unknown> = structuredClone(body)
  if (change.op === 'delete') Reflect.deleteProperty(copy, change.key)
  else if (change.op === 'set') copy[change.key] = change.value
  else copy[change.key] = { ...(typeof copy[change.key] === 'object' ? copy[change.key] as object : {}), [change.inner]: change.value }
  return copy
})

type IdMode = 'fresh' | 'upper' | 'no-dashes' | 'braces' | 'short' | 'version-0' | 'missing' | 'keep'
const idMode = fc.oneof(
  { weight: 12, arbitrary: fc.constant<IdMode>('fresh') },
  { weight: 1, arbitrary: fc.constantFrom<IdMode>('upper', 'no-dashes', 'braces', 'short', 'version-0', 'missing') },
)

/** Keys JSON.parse turns into own properties that a careless merge could turn into a prototype. */
const pollution: fc.Arbitrary<Array<[string, unknown]>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Array<[string, unknown]>>([]) },
  { weight: 1, arbitrary: fc.array(fc.tuple(
    fc.constantFrom('__proto__', 'constructor', 'prototype'),
    fc.oneof(fc.constant({ kind: 'confirm', isAdmin: true, status: 'accepted' }), fc.constant({ prototype: { polluted: 1 } }), weirdValue),
  ), { minLength: 1, maxLength: 2 }) },
)

type Transform = { kind: 'none' } | { kind: 'truncate', at: number } | { kind: 'pad', bytes: number } | { kind: 'bom' } | { kind: 'raw', text: string }
const transform = fc.oneof(
  { weight: 16, arbitrary: fc.constant<Transform>({ kind: 'none' }) },
  { weight: 1, arbitrary: fc.nat().map<Transform>(at => ({ kind: 'truncate', at })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: LIMIT + 200 }).map<Transform>(bytes => ({ kind: 'pad', bytes })) },
  { weight: 1, arbitrary: fc.constant<Transform>({ kind: 'bom' }) },
  { weight: 1, arbitrary: fc.oneof(unicodeText, fc.constantFrom('', '{', '[', 'nul', '{"kind":"confirm"', '\'{}\'', '1e999', '"\\ud800"')).map<Transform>(text => ({ kind: 'raw', text })) },
)

const fuzzCase = fc.record({
  template: fc.oneof(
    { weight: 6, arbitrary: validBody },
    { weight: 4, arbitrary: nearValidBody },
    { weight: 1, arbitrary: weirdValue },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'prototype'), weirdValue, { maxKeys: 4 }) },
  ),
  idMode,
  pollution,
  transform,
  /** Encode lone surrogates as raw (invalid) UTF-8 bytes instead of JSON escapes. */
  rawSurrogates: fc.boolean(),
  contentType: fc.oneof(
    { weight: 8, arbitrary: fc.constant<[string | undefined, boolean]>(['application/json', true]) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  ),
  chunked: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  replay: fc.constantFrom('none', 'none', 'same', 'changed'),
})
type FuzzCase = typeof fuzzCase extends fc.Arbitrary<infer T> ? T : never

// ---------------------------------------------------------------------------------------------
// Building a request and working out what it should get

function withId(template: unknown, mode: IdMode): unknown {
  if (typeof template !== 'object' || template === null || Array.isArray(template) || mode === 'keep') return template
  const fresh = randomUUID()
  const id = {
    'fresh': fresh, 'upper': fresh.toUpperCase(), 'no-dashes': fresh.replaceAll('-', ''), 'braces': `{${fresh}}`,
    'short': fresh.slice(0, 35), 'version-0': `${fresh.slice(0, 14)}0${fresh.slice(15)}`, 'missing': undefined,
  }[mode]
  return { ...template, id }
}

/** UTF-8, except that lone surrogates become the 3 bytes a careless encoder writes (invalid UTF-8). */
function wtf8(text: string): Buffer {
  const bytes: number[] = []
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (code >= 0xD800 && code <= 0xDFFF) bytes.push(0xE0 | (code >> 12), 0x80 | ((code >> 6) & 0x3F), 0x80 | (code & 0x3F))
    else bytes.push(...Buffer.from(char, 'utf8'))
  }
  return Buffer.from(bytes)
}

function encode(c: FuzzCase): Buffer {
  const value = withId(c.template, c.idMode)
  let text = JSON.stringify(value) ?? 'null'
  if (c.pollution.length && text.startsWith('{')) {
    const keys = c.pollution.map(([key, v]) => `${JSON.stringify(key)}:${JSON.stringify(v) ?? 'null'}`).join(',')
    text = text === '{}' ? `{${keys}}` : `{${keys},${text.slice(1)}`
  }
  const t = c.transform
  if (t.kind === 'truncate') text = text.slice(0, t.at % Math.max(1, text.length))
  else if (t.kind === 'pad') text += ' '.repeat(t.bytes)
  else if (t.kind === 'bom') text = `\uFEFF${text}`
  else if (t.kind === 'raw') text = t.text
  if (c.rawSurrogates) {
    return wtf8(text.replace(/(?<!\\)\\u(d[89a-f][0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))))
  }
  return Buffer.from(text, 'utf8')
}

/** The error codes the contract allows for these bytes, or 'stored' for a new suggestion. */
function expectedOutcome(bytes: Buffer, isJsonType: boolean): { codes: string[], parsed?: unknown } {
  if (!isJsonType) return { codes: ['UNSUPPORTED_MEDIA_TYPE'] }
  if (bytes.length > LIMIT) return { codes: ['PAYLOAD_TOO_LARGE'] }
  let parsed: unknown
  try {
    parsed = JSON.parse(bytes.toString('utf8'))
  }
  catch {
    return { codes: ['INVALID_JSON'] }
  }
  const result = SuggestionSchema.safeParse(parsed)
  if (!result.success) return { codes: ['VALIDATION_FAILED'], parsed }
  const s = result.data
  const codes: string[] = []
  if (s.website) codes.push('SPAM_SUSPECTED')
  // Without a valid token the server measures nothing: the suggestion is stored, marked for review.
  const check = s.token ? checkTokenWith(TEST_CLIENT_HASH_SECRET, s.token, Date.now()) : undefined
  if (s.kind !== 'confirm' && check?.valid && check.ageMs < MIN_FILL_MS) codes.push('TOO_FAST')
  if ('stationId' in s && !stationIds.includes(s.stationId)) codes.push('UNKNOWN_STATION')
  return { codes: codes.length ? codes : ['stored'], parsed }
}

let lastRequest = 'none'

/** A parsed answer: a receipt, an error (`data.code`) or a list of places, as the test expects. */
interface ApiJson {
  id: string
  status: string
  statusCode: number
  message: string
  data: { code: string, issues: Array<{ path: string, code: string, message: string }>, retryAfter: number }
  places: unknown[]
}
interface Answer { status: number, type: string, text: string, json: ApiJson | undefined }

function answerOf(status: number, type: string, text: string): Answer {
  let json: ApiJson | undefined
  try {
    json = JSON.parse(text)
  }
  catch { /* checked by the property */ }
  return { status, type, text, json }
}

/**
 * A chunked upload (no Content-Length) on a connection of its own, so a connection the server cuts
 * after its 413 (past what it drains) cannot affect the next case's request.
 */
function sendChunked(bytes: Buffer, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(baseURL)
  return new Promise((done, fail) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: '/api/suggestions', headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', chunk => chunks.push(chunk))
      res.on('end', () => done(answerOf(res.statusCode!, String(res.headers['content-type'] ?? ''), Buffer.concat(chunks).toString('utf8'))))
      res.on('error', fail)
    })
    req.on('error', fail)
    for (let i = 0; i < bytes.length; i += 4096) req.write(bytes.subarray(i, i + 4096))
    req.end()
  })
}

async function send(bytes: Buffer, contentType: string | undefined, chunked: boolean): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (contentType !== undefined) headers['content-type'] = contentType
  const describeRequest = `${bytes.length} bytes, content-type ${contentType}, ${chunked ? 'chunked' : 'content-length'}: ${bytes.subarray(0, 200).toString('utf8')}`
  try {
    if (chunked) return await sendChunked(bytes, headers)
    const response = await fetch(`${baseURL}/api/suggestions`, { method: 'POST', headers, body: new Uint8Array(bytes) })
    return answerOf(response.status, response.headers.get('content-type') ?? '', await response.text())
  }
  catch (error) {
    throw new Error(`request failed (${describeRequest}); the one before: ${lastRequest}`, { cause: error })
  }
  finally {
    lastRequest = describeRequest
  }
}

const rowsWithId = (id: string) => db.prepare<[string], { id: string, kind: string, body: string, body_hash: string, contact: string | null }>(
  'SELECT id, kind, body, body_hash, contact FROM suggestions WHERE id = ?').all(id)

const idOf = (parsed: unknown) => (typeof parsed === 'object' && parsed !== null && typeof (parsed as { id?: unknown }).id === 'string'
  ? (parsed as { id: string }).id
  : undefined)

// ---------------------------------------------------------------------------------------------

describe('POST /api/suggestions under fuzzing', () => {
  it(`answers ${RUNS} generated requests as the contract says, never 5xx, storing exactly the acknowledged ones`, async () => {
    const seen = new Map<string, number>()
    const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1)
    const property = fc.asyncProperty(fuzzCase, async (c) => {
      const bytes = encode(c)
      const [contentType, isJsonType] = c.contentType
      const expected = expectedOutcome(bytes, isJsonType)
      const answer = await send(bytes, contentType, c.chunked)
      const context = `status ${answer.status}, expected ${expected.codes.join('|')}: ${answer.text.slice(0, 300)}`

      expect(answer.status, context).toBeLessThan(500)
      const id = idOf(expected.parsed)
      if (answer.status >= 200 && answer.status < 300) {
        count(String(answer.status))
        expect(expected.codes, context).toEqual(['stored'])
        // Ids are fresh for every case, so a stored suggestion is always new.
        expect(answer.status, context).toBe(201)
        expect(answer.json).toEqual({ id, status: 'pending' })
        const rows = rowsWithId(id!)
        expect(rows, context).toHaveLength(1)
        expect(rows[0]!.kind).toBe((expected.parsed as { kind: string }).kind)
        expect(JSON.parse(rows[0]!.body)).not.toHaveProperty('contact')

        if (c.replay === 'same') {
          const again = await send(bytes, contentType, c.chunked)
          expect(again.status, again.text).toBe(200)
          expect(again.json).toEqual(answer.json)
          expect(rowsWithId(id!)).toEqual(rows)
        }
        else if (c.replay === 'changed') {
          const changed = { ...(expected.parsed as object), contact: `changed-${randomUUID().slice(0, 8)}` }
          const again = await send(Buffer.from(JSON.stringify(changed)), 'application/json', false)
          expect(again.status, again.text).toBe(409)
          expect(again.json?.data?.code).toBe('IDEMPOTENCY_KEY_REUSED')
          expect(rowsWithId(id!)).toEqual(rows)
        }
      }
      else {
        expect(answer.type, context).toContain('application/json')
        expect(answer.json?.data?.code, context).toEqual(expect.any(String))
        const error = answer.json!
        expect(error.statusCode, context).toBe(answer.status)
        count(error.data.code)
        expect(expected.codes, context).toContain(error.data.code)
        if (error.data.code === 'VALIDATION_FAILED') {
          expect(error.data.issues, context).toEqual(expect.arrayContaining([
            { path: expect.any(String), code: expect.any(String), message: expect.any(String) },
          ]))
        }
        if (id !== undefined) expect(rowsWithId(id), context).toHaveLength(0)
      }
    })

    try {
      await fc.assert(property, { seed: SEED, numRuns: RUNS })
    }
    catch (error) {
      console.error(`suggestions fuzz failed: seed ${SEED}, rerun with FUZZ_SEED=${SEED}`)
      throw error
    }
    console.info(`suggestions fuzz (seed ${SEED}, ${RUNS} runs):`, Object.fromEntries([...seen].sort()))

    // The generators reach every outcome, so the run above tested something.
    for (const code of ['201', 'VALIDATION_FAILED', 'INVALID_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'TOO_FAST', 'UNKNOWN_STATION', 'SPAM_SUSPECTED']) {
      expect(seen.get(code) ?? 0, code).toBeGreaterThanOrEqual(3)
    }
    expect(seen.get('201')).toBeGreaterThan(RUNS / 8)
  }, 180_000)

  // Past the limit the server answers 413 and reads and drops the rest of the body
  // (server/utils/http/json-body.ts); the client's next requests must still work.
  it('keeps the connection usable after refusing an oversized chunked upload', async () => {
    const big = Buffer.from(JSON.stringify({ note: 'x'.repeat(160_000) }))
    const small = () => Buffer.from(JSON.stringify({ kind: 'confirm', id: randomUUID(), stationId: 'no-such-station' }))
    const outcomes: string[] = []
    for (let i = 0; i < 2; i++) {
      for (const [bytes, chunked] of [[big, true], [small(), false], [small(), false], [small(), false]] as const) {
        const body = chunked
          ? new ReadableStream({
              start(controller) {
                for (let at = 0; at < bytes.length; at += 4096) controller.enqueue(bytes.subarray(at, at + 4096))
                controller.close()
              },
            })
          : bytes
        try {
          const response = await fetch(`${baseURL}/api/suggestions`, {
            method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half',
          } as RequestInit)
          await response.text()
          outcomes.push(String(response.status))
        }
        catch (error) {
          outcomes.push(`network error: ${(error as { cause?: { code?: string } }).cause?.code}`)
        }
      }
    }
    expect(outcomes.filter(o => o.startsWith('network error'))).toEqual([])
    expect(outcomes).toEqual(Array.from({ length: 2 }, () => ['413', '400', '400', '400']).flat())
  }, 60_000)

  it('still works normally after the fuzzing: no polluted prototype, rows match the 201s', async () => {
    const empty = await send(Buffer.from('{}'), 'application/json', false)
    expect(empty.status).toBe(400)
    expect(empty.json?.data.code).toBe('VALIDATION_FAILED')
    const body = { kind: 'confirm', id: randomUUID(), stationId: stationIds[0] }
    const answer = await send(Buffer.from(JSON.stringify(body)), 'application/json', false)
    expect(answer.status).toBe(201)
    expect(rowsWithId(body.id)).toHaveLength(1)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const places = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
    expect(places.places.length).toBe(stationIds.length)
  })
})
