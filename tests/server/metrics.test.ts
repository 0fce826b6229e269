import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { issueTokenWith } from '../../server/utils/suggestions/token'
import type { PlacesResponse } from '../../shared/types/place'
import { startServer, TEST_CLIENT_HASH_SECRET } from '../setup/server'
import { call } from './staff-client'

/**
 * Prometheus metrics (issue 12): GET /metrics is off without NUXT_METRICS_TOKEN and needs the token
 * as a bearer token; the counters move by what the traffic did, labelled by route pattern, never by path.
 * A server of its own, so nothing else moves them.
 */

const TOKEN = 'metrics-test-token-0123456789'
const SUGGESTION_LIMIT = 5
let baseURL: string
let child: ChildProcess | undefined
let dataDir: string
let stationIds: string[]

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yizhan-metrics-'))
  const started = await startServer({
    DATABASE_URL: `file:${join(dataDir, 'metrics.sqlite')}`,
    NUXT_METRICS_TOKEN: TOKEN,
    NUXT_SUGGESTIONS_RATE_LIMIT_MAX: String(SUGGESTION_LIMIT),
    // One proxy: a request may name its network in X-Forwarded-For (requests without one count as 127.0.0.1).
    NUXT_TRUST_PROXY_HOPS: '1',
  })
  baseURL = started.baseURL
  child = started.child
  stationIds = (await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse).places.map(place => place.id)
})

afterAll(() => {
  child?.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

type Series = Map<string, number>

/** The samples of a Prometheus text exposition, by `name{labels}` exactly as written. */
function parse(text: string): Series {
  const series: Series = new Map()
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    series.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return series
}

const scrape = async (): Promise<{ text: string, series: Series }> => {
  const answer = await call(baseURL, 'GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
  expect(answer.status).toBe(200)
  return { text: answer.text, series: parse(answer.text) }
}

/** A sample's value (0 when the series does not exist yet); labels in the order the metric declares them. */
const value = (series: Series, name: string, labels: Record<string, string> = {}) => {
  const list = Object.entries(labels).map(([key, v]) => `${key}="${v}"`).join(',')
  return series.get(list ? `${name}{${list}}` : name) ?? 0
}

const token = (ageMs: number) => issueTokenWith(process.env.NUXT_CLIENT_HASH_SECRET || TEST_CLIENT_HASH_SECRET, Date.now() - ageMs)
const postSuggestion = (body: Record<string, unknown>) => call(baseURL, 'POST', '/api/suggestions', { body, origin: null })

describe('GET /metrics', () => {
  it('is 404 on a server without NUXT_METRICS_TOKEN', async () => {
    expect((await call(inject('baseURL'), 'GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404)
  })

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', 'Bearer not-the-token'],
    ['the token with a character more', `Bearer ${TOKEN}x`],
    ['the token without "Bearer"', TOKEN],
    ['the token as Basic credentials', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`],
  ])('is 401 with %s, and shows no metric', async (_name, authorization) => {
    const answer = await call(baseURL, 'GET', '/metrics', { headers: authorization ? { authorization } : {} })
    expect(answer.status).toBe(401)
    expect(answer.headers.get('www-authenticate')).toBe('Bearer')
    expect(answer.text).not.toContain('yizhan_')
  })

  it('counts requests by route pattern, method and status, and times them, never naming a path', async () => {
    const [id] = stationIds
    const before = (await scrape()).series
    for (let i = 0; i < 3; i++) expect((await call(baseURL, 'GET', `/api/stations/${id}?from=metrics-test`)).status).toBe(200)
    expect((await call(baseURL, 'GET', '/api/stations/no-such-station-here')).status).toBe(404)
    expect((await call(baseURL, 'GET', '/api/places/nearest?lat=37.69&lng=112.75&limit=3')).status).toBe(200)
    const { text, series: after } = await scrape()

    const route = { route: '/api/stations/:id', method: 'GET' }
    const moved = (labels: Record<string, string>, name = 'yizhan_http_requests_total') => value(after, name, labels) - value(before, name, labels)
    expect(moved({ ...route, status: '200' })).toBe(3)
    expect(moved({ ...route, status: '404' })).toBe(1)
    expect(moved({ route: '/api/places/nearest', method: 'GET', status: '200' })).toBe(1)
    expect(moved(route, 'yizhan_http_request_duration_seconds_count')).toBe(4)
    expect(moved({ le: '+Inf', ...route }, 'yizhan_http_request_duration_seconds_bucket')).toBe(4)
    expect(moved(route, 'yizhan_http_request_duration_seconds_sum')).toBeGreaterThan(0)
    // Bounded labels: no id, unknown path or query in any series.
    for (const raw of [id!, 'no-such-station-here', 'metrics-test', 'lat=']) expect(text).not.toContain(raw)
    // The scrape itself is in flight while it is written.
    expect(value(after, 'yizhan_http_requests_in_flight')).toBeGreaterThanOrEqual(1)
  })

  it('counts suggestions accepted, repeated and refused by code, and the rate limit\'s refusals', async () => {
    const before = (await scrape()).series
    const first = { kind: 'problem', id: randomUUID(), stationId: stationIds[0], reason: 'locked', token: token(10_000) }
    expect((await postSuggestion(first)).status).toBe(201)
    expect((await postSuggestion({ ...first, id: randomUUID() })).status).toBe(201)
    expect((await postSuggestion(first)).status).toBe(200) // the same id and body again: repeated
    expect((await postSuggestion({ ...first, id: randomUUID(), token: token(0) })).json.data.code).toBe('TOO_FAST')
    expect((await postSuggestion({ ...first, id: randomUUID(), reason: 'no-such-reason' })).json.data.code).toBe('VALIDATION_FAILED')
    // Five sent: the limit is used up.
    for (let i = 0; i < 2; i++) expect((await postSuggestion({ ...first, id: randomUUID() })).json.data.code).toBe('RATE_LIMITED')
    const after = (await scrape()).series

    const moved = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels)
    expect(moved('yizhan_suggestions_total', { outcome: 'accepted' })).toBe(2)
    expect(moved('yizhan_suggestions_total', { outcome: 'repeated' })).toBe(1)
    expect(moved('yizhan_suggestions_refused_total', { code: 'TOO_FAST' })).toBe(1)
    expect(moved('yizhan_suggestions_refused_total', { code: 'VALIDATION_FAILED' })).toBe(1)
    expect(moved('yizhan_suggestions_refused_total', { code: 'RATE_LIMITED' })).toBe(2)
    expect(moved('yizhan_rate_limit_refusals_total', { limit: 'suggestions' })).toBe(2)
    expect(moved('yizhan_http_requests_total', { route: '/api/suggestions', method: 'POST', status: '429' })).toBe(2)
  })

  it('counts staff sign-in failures', async () => {
    const before = (await scrape()).series
    for (const password of ['wrong password 1', 'wrong password 2']) {
      expect((await call(baseURL, 'POST', '/api/auth/login', { body: { email: 'nobody@example.org', password } })).status).toBe(401)
    }
    const after = (await scrape()).series
    expect(value(after, 'yizhan_staff_sign_in_failures_total') - value(before, 'yizhan_staff_sign_in_failures_total')).toBe(2)
  })

  it('counts the rebuilds of cached station data: a counted confirm rebuilds confirmations, places and the index, not the stations', async () => {
    await call(baseURL, 'GET', '/api/places/nearest?lat=37.69&lng=112.75&limit=3') // every cache built
    const before = (await scrape()).series
    const moved = (series: Series, cache: string) => value(series, 'yizhan_cache_rebuilds_total', { cache }) - value(before, 'yizhan_cache_rebuilds_total', { cache })
    await call(baseURL, 'GET', '/api/stations')
    await call(baseURL, 'GET', '/api/places/nearest?lat=37.69&lng=112.75&limit=3')
    const unchanged = (await scrape()).series
    for (const cache of ['stations', 'confirmations', 'places', 'place_index']) expect(moved(unchanged, cache), cache).toBe(0)

    // From another network (this address used up its suggestions above), with a checked form: it counts.
    const confirm = { kind: 'confirm', id: randomUUID(), stationId: stationIds[1], token: token(10_000) }
    expect((await call(baseURL, 'POST', '/api/suggestions', { body: confirm, origin: null, headers: { 'x-forwarded-for': '198.51.100.9' } })).status).toBe(201)
    await call(baseURL, 'GET', '/api/places/nearest?lat=37.69&lng=112.75&limit=3')
    const after = (await scrape()).series
    expect(moved(after, 'stations')).toBe(0)
    for (const cache of ['confirmations', 'places', 'place_index']) expect(moved(after, cache), cache).toBe(1)
    expect(value(after, 'yizhan_cache_rebuild_duration_seconds_count', { cache: 'places' })).toBe(value(after, 'yizhan_cache_rebuilds_total', { cache: 'places' }))
  })

  it('includes Node\'s process metrics', async () => {
    const { series } = await scrape()
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(series.has(name), name).toBe(true)
    }
  })
})
