import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { startServer } from '../setup/server'

/**
 * Crash safety of POST /api/suggestions: while 8 requests are in flight the server is killed with
 * SIGKILL (no chance to flush anything), restarted on the same database, and the stream goes on.
 * Every suggestion the server acknowledged (201 or 200) must be in the database exactly once;
 * requests cut off by the crash may or may not be stored, and retrying them settles them.
 */

const KILLS = 3
const IN_FLIGHT = 8
const MIN_ACKNOWLEDGED_PER_ROUND = 5

const dataDir = mkdtempSync(join(tmpdir(), 'yizhan-durability-'))
const databasePath = join(dataDir, 'durability.sqlite')
const env = { DATABASE_URL: `file:${databasePath}`, NUXT_SUGGESTIONS_RATE_LIMIT_MAX: '1000000' }
let child: ChildProcess | undefined

afterAll(() => {
  child?.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

function killed(process: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (process.exitCode !== null || process.signalCode !== null) return done()
    process.once('exit', () => done())
    process.kill('SIGKILL')
  })
}

function makeBody(stationIds: string[], n: number): Record<string, unknown> {
  const id = randomUUID()
  const stationId = stationIds[n % stationIds.length]
  switch (n % 4) {
    case 0: return { kind: 'confirm', id, stationId }
    case 1: return { kind: 'problem', id, stationId, reason: 'other', note: `第 ${n} 条：门锁着 🔒 <b>`, fillMs: 5000, contact: `wx_${n}` }
    case 2: return { kind: 'correction', id, stationId, changes: { hours: 'Mo-Su 08:00-20:00' }, fillMs: 5000 }
    default: return { kind: 'new-station', id, name: `测试驿站 ${n}`, location: { lat: 37.69, lng: 112.75 }, fillMs: 5000 }
  }
}

async function post(baseURL: string, body: Record<string, unknown>) {
  const response = await fetch(`${baseURL}/api/suggestions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  })
  return { status: response.status, json: await response.json() as { id?: string } }
}

describe('suggestions survive a server crash', () => {
  it(`keeps every acknowledged suggestion exactly once across ${KILLS} SIGKILLs`, async () => {
    let server = await startServer(env)
    child = server.child
    const { places } = await (await fetch(`${server.baseURL}/api/stations`)).json() as PlacesResponse
    const stationIds = places.map(p => p.id)

    const acknowledged = new Map<string, Record<string, unknown>>()
    /** Cut off by the crash: stored or not, nobody knows. */
    const uncertain = new Map<string, Record<string, unknown>>()
    let sent = 0
    const ackedPerRound: number[] = []

    for (let round = 0; round <= KILLS; round++) {
      let running = true
      let crashing = false
      const before = acknowledged.size
      const baseURL = server.baseURL
      const worker = async () => {
        while (running) {
          const body = makeBody(stationIds, sent++)
          try {
            const answer = await post(baseURL, body)
            // Anything but an acknowledgement here is a bug in this test's bodies, not a crash.
            expect(answer.status, JSON.stringify(answer.json)).toBe(201)
            expect(answer.json.id).toBe(body.id)
            acknowledged.set(body.id as string, body)
          }
          catch (error) {
            if (crashing) {
              uncertain.set(body.id as string, body)
              return
            }
            throw error
          }
        }
      }
      const workers = Promise.all(Array.from({ length: IN_FLIGHT }, () => worker()))
      // Run until this round has acknowledged a few (a loaded machine may take a while to answer the
      // first), then a random few hundred ms more, then pull the plug (the last round runs to the end).
      const enough = async () => {
        while (acknowledged.size - before < MIN_ACKNOWLEDGED_PER_ROUND) await new Promise(r => setTimeout(r, 10))
      }
      await Promise.race([workers, enough()]) // a worker's failure ends the wait
      await new Promise(r => setTimeout(r, Math.floor(Math.random() * 400)))
      if (round < KILLS) {
        crashing = true
        await killed(server.child)
        running = false
        await workers
        ackedPerRound.push(acknowledged.size - before)
        server = await startServer(env)
        child = server.child
      }
      else {
        running = false
        await workers
        ackedPerRound.push(acknowledged.size - before)
      }
    }
    console.info(`durability: ${sent} sent, ${acknowledged.size} acknowledged (per round ${ackedPerRound.join(', ')}), ${uncertain.size} cut off`)
    // The kills really happened mid-stream.
    expect(ackedPerRound.every(n => n > 0)).toBe(true)
    expect(uncertain.size).toBeGreaterThan(0)

    const db = new Database(databasePath, { readonly: true, fileMustExist: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM suggestions WHERE id = ?')
      const missing = [...acknowledged.keys()].filter(id => count.get(id)!.n !== 1)
      expect(missing, 'acknowledged but not stored exactly once').toEqual([])
      // Nothing was stored that was never sent.
      const total = (db.prepare('SELECT count(*) AS n FROM suggestions').get() as { n: number }).n
      expect(total).toBeGreaterThanOrEqual(acknowledged.size)
      expect(total).toBeLessThanOrEqual(acknowledged.size + uncertain.size)

      const storedUnacknowledged = [...uncertain.keys()].filter(id => count.get(id)!.n === 1).length
      console.info(`durability: ${storedUnacknowledged} of ${uncertain.size} cut-off requests had been stored before the crash`)
      // Retrying the cut-off requests with their ids settles each one exactly once.
      for (const [id, body] of uncertain) {
        const answer = await post(server.baseURL, body)
        expect([200, 201], id).toContain(answer.status)
        expect(answer.json).toEqual({ id, status: 'pending' })
        expect(count.get(id)!.n).toBe(1)
      }
      // And retrying acknowledged ones is recognised as a repeat.
      for (const body of [...acknowledged.values()].slice(0, 50)) {
        expect((await post(server.baseURL, body)).status).toBe(200)
      }
      const after = (db.prepare('SELECT count(*) AS n FROM suggestions').get() as { n: number }).n
      expect(after).toBe(acknowledged.size + uncertain.size)
      const row = db.prepare<[string], { body: string, contact: string | null }>('SELECT body, contact FROM suggestions WHERE id = ?')
      for (const body of [...acknowledged.values()].filter(b => b.kind === 'problem').slice(0, 20)) {
        const stored = row.get(body.id as string)!
        expect(JSON.parse(stored.body).note).toBe(body.note)
        expect(stored.contact).toBe(body.contact)
      }
    }
    finally {
      db.close()
    }
  }, 60_000)
})
