import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { issueTokenWith } from '../../server/utils/suggestions/token'
import type { PlacesResponse } from '../../shared/types/place'
import { startServer, TEST_CLIENT_HASH_SECRET } from '../setup/server'

/**
 * Graceful shutdown (issue 12): on SIGTERM the server takes no new connections, answers every request
 * it has begun in full, closes the database and exits 0 within NUXT_SHUTDOWN_TIMEOUT_MS. A server of
 * its own under a steady stream of requests, suggestions among them, and a few suggestions whose
 * bodies are still arriving when the signal comes.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'yizhan-shutdown-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

/** How a request ended, as its client saw it. */
interface Outcome {
  requestId: string
  /** answered: a complete answer; refused: no answer at all (not connected, or cut before one byte); broken: an answer cut short. */
  result: 'answered' | 'refused' | 'broken'
  status?: number
  connectionClose?: boolean
  body?: string
  error?: string
}

interface Send {
  method: string
  path: string
  body?: string
  requestId: string
}

/** One request on a connection of its own (no reused keep-alive socket), as a browser's first request is. */
function openRequest(origin: string, { method, path, body, requestId }: Send, { slow = false } = {}) {
  const headers: Record<string, string | number> = { 'x-request-id': requestId }
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  // A slow one asks for "100 Continue" first: receiving it proves the server has begun the request. It
  // asks to keep its connection, so an answer saying "Connection: close" shows the server was shutting down.
  if (slow) headers.expect = '100-continue'
  const agent = slow ? new Agent({ keepAlive: true, maxSockets: 1 }) : false
  const req = request(new URL(path, origin), { method, headers, agent })
  if (agent) req.once('close', () => agent.destroy())
  let started = false
  const outcome = new Promise<Outcome>((resolve) => {
    req.on('response', (res) => {
      started = true
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ requestId, result: res.complete ? 'answered' : 'broken', status: res.statusCode, connectionClose: res.headers.connection === 'close', body: text }))
      res.on('error', error => resolve({ requestId, result: 'broken', status: res.statusCode, error: error.message }))
      res.on('aborted', () => resolve({ requestId, result: 'broken', status: res.statusCode, error: 'aborted' }))
    })
    req.on('error', error => resolve({ requestId, result: started ? 'broken' : 'refused', error: (error as NodeJS.ErrnoException).code ?? error.message }))
  })
  return { req, outcome }
}

const send = (origin: string, what: Send) => {
  const { req, outcome } = openRequest(origin, what)
  req.end(what.body)
  return outcome
}

/** A suggestion whose headers and half its body are sent; `continued` once the server has begun it, `finish` sends the rest. */
function slowSuggestion(origin: string, body: string, requestId: string) {
  const { req, outcome } = openRequest(origin, { method: 'POST', path: '/api/suggestions', body, requestId }, { slow: true })
  const half = Math.floor(body.length / 2)
  const continued = new Promise<void>((resolve, reject) => {
    req.once('continue', () => {
      req.write(body.slice(0, half))
      resolve()
    })
    req.once('error', reject)
  })
  req.flushHeaders()
  return { continued, outcome, finish: () => req.end(body.slice(half)) }
}

/** Resolves once a new connection to `port` is refused: the server has stopped listening. */
async function listenerClosed(port: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(false)
      })
      socket.once('error', error => resolve((error as NodeJS.ErrnoException).code === 'ECONNREFUSED'))
    })
    if (refused) return
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  throw new Error('the server kept listening after SIGTERM')
}

const exited = (child: ChildProcess) => new Promise<{ code: number | null, at: number }>(resolve =>
  child.exitCode === null ? child.once('exit', code => resolve({ code, at: performance.now() })) : resolve({ code: child.exitCode, at: performance.now() }))

/** The server's JSON log lines (every line must parse: that is asserted by the test reading them). */
const logLines = (output: string) => output.split('\n').filter(line => line.trim()).map(line => JSON.parse(line) as Record<string, unknown>)

const token = () => issueTokenWith(process.env.NUXT_CLIENT_HASH_SECRET || TEST_CLIENT_HASH_SECRET, Date.now() - 10_000)
const problem = (stationId: string, id = randomUUID()) => ({ id, body: JSON.stringify({ kind: 'problem', id, stationId, reason: 'other', note: '关机测试', token: token() }) })

async function start(dbName: string, timeoutMs: number) {
  const databasePath = join(dataDir, dbName)
  const server = await startServer({
    DATABASE_URL: `file:${databasePath}`,
    NUXT_SHUTDOWN_TIMEOUT_MS: String(timeoutMs),
    NUXT_SUGGESTIONS_RATE_LIMIT_MAX: '1000000',
    NUXT_LOG_LEVEL: 'info',
  }, { captureOutput: true })
  children.push(server.child)
  const { places } = await (await fetch(`${server.baseURL}/api/stations`)).json() as PlacesResponse
  return { ...server, databasePath, port: Number(new URL(server.baseURL).port), stationIds: places.map(place => place.id) }
}

describe('SIGTERM under load', () => {
  it('answers every request it began in full, keeps every acknowledged suggestion, and exits 0 within the deadline', async () => {
    const DEADLINE_MS = 8000
    const server = await start('load.sqlite', DEADLINE_MS)
    const exit = exited(server.child)
    const sentSuggestions = new Set<string>()

    // Suggestions the server has begun (it said "100 Continue") whose bodies are only half sent.
    const slow = Array.from({ length: 4 }, (_, n) => {
      const suggestion = problem(server.stationIds[n]!)
      sentSuggestions.add(suggestion.id)
      return { id: suggestion.id, ...slowSuggestion(server.baseURL, suggestion.body, `slow-${n}`) }
    })
    await Promise.all(slow.map(s => s.continued))

    // A steady stream from six clients, each request on a new connection, until the server refuses one.
    const outcomes: Outcome[] = []
    const suggestionOf = new Map<string, string>()
    let sigtermSent = false
    let answeredBeforeSignal = 0
    let streamRunning!: () => void
    const running = new Promise<void>(resolve => (streamRunning = resolve))
    let counter = 0
    const worker = async (w: number) => {
      for (;;) {
        const n = counter++
        const requestId = `stream-${n}`
        let what: Send
        switch (n % 4) {
          case 0: what = { method: 'GET', path: '/api/stations', requestId }
            break
          case 1: what = { method: 'GET', path: '/api/places/nearest?lat=37.69&lng=112.75&limit=5', requestId }
            break
          case 2: what = { method: 'GET', path: '/api/health', requestId }
            break
          default: {
            const suggestion = problem(server.stationIds[(n + w) % server.stationIds.length]!)
            sentSuggestions.add(suggestion.id)
            suggestionOf.set(requestId, suggestion.id)
            what = { method: 'POST', path: '/api/suggestions', body: suggestion.body, requestId }
          }
        }
        const outcome = await send(server.baseURL, what)
        outcomes.push(outcome)
        if (!sigtermSent && outcome.result === 'answered' && ++answeredBeforeSignal >= 60) streamRunning()
        if (sigtermSent && outcome.result === 'refused') return
      }
    }
    const workers = Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)))
    await running

    const signalledAt = performance.now()
    sigtermSent = true
    server.child.kill('SIGTERM')
    await listenerClosed(server.port)
    // The server is shutting down now; the slow suggestions' bodies arrive only after that.
    for (const s of slow) s.finish()
    const slowOutcomes = await Promise.all(slow.map(s => s.outcome))
    await workers
    const { code, at } = await exit

    expect(code).toBe(0)
    expect(at - signalledAt).toBeLessThan(DEADLINE_MS)

    // Each request begun before the signal got its whole answer, told to close the connection.
    for (const outcome of slowOutcomes) {
      expect(outcome, outcome.requestId).toMatchObject({ result: 'answered', status: 201, connectionClose: true })
    }
    // No answer in the stream was cut short; a request either had its whole answer or none at all.
    expect(outcomes.filter(o => o.result === 'broken')).toEqual([])
    expect(outcomes.filter(o => o.result === 'answered' && (o.status! >= 400))).toEqual([])

    // The server's own account: every request it logged was answered in full to its client, none aborted.
    const lines = logLines(server.output())
    const requestLines = lines.filter(line => line.msg === 'request' && /^(?:stream|slow)-/.test(String(line.requestId)))
    const answered = new Map([...outcomes, ...slowOutcomes].filter(o => o.result === 'answered').map(o => [o.requestId, o]))
    expect(new Set(requestLines.map(line => line.requestId))).toEqual(new Set(answered.keys()))
    for (const line of requestLines) {
      expect(line.aborted, String(line.requestId)).toBeUndefined()
      expect(answered.get(String(line.requestId))?.status, String(line.requestId)).toBe(line.status)
    }
    expect(lines.some(line => String(line.msg).startsWith('[shutdown] SIGTERM'))).toBe(true)
    expect(lines.some(line => line.requestsCut !== undefined)).toBe(false)
    expect(lines.at(-1)?.msg).toBe('[shutdown] database and Redis closed; exiting')

    // Every suggestion acknowledged 201 is in the database, and nothing the clients were not told of.
    const acknowledged = new Set([
      ...slowOutcomes.map((o, n) => (o.status === 201 ? slow[n]!.id : undefined)),
      ...outcomes.map(o => (o.status === 201 ? suggestionOf.get(o.requestId) : undefined)),
    ].filter(id => id !== undefined))
    expect(acknowledged.size).toBeGreaterThanOrEqual(slow.length + 10)
    const db = new Database(server.databasePath, { readonly: true, fileMustExist: true })
    try {
      const stored = new Set(db.prepare<[], { id: string }>('SELECT id FROM suggestions').all().map(row => row.id).filter(id => sentSuggestions.has(id)))
      expect(stored).toEqual(acknowledged)
    }
    finally {
      db.close()
    }
  })

  it('cuts a request still unfinished at the deadline, says so, and exits 0 just after it', async () => {
    const DEADLINE_MS = 2000
    const server = await start('deadline.sqlite', DEADLINE_MS)
    const exit = exited(server.child)
    const stuck = slowSuggestion(server.baseURL, problem(server.stationIds[0]!).body, 'stuck-0')
    await stuck.continued

    const signalledAt = performance.now()
    server.child.kill('SIGTERM')
    const { code, at } = await exit
    expect(code).toBe(0)
    // Nitro waits for the deadline in 250 ms steps, then closes the database.
    expect(at - signalledAt).toBeGreaterThanOrEqual(DEADLINE_MS - 250)
    expect(at - signalledAt).toBeLessThan(DEADLINE_MS + 3000)
    expect((await stuck.outcome).result).not.toBe('answered')
    expect(logLines(server.output()).find(line => line.requestsCut !== undefined)).toMatchObject({ level: 'warn', requestsCut: 1 })
  })
})
