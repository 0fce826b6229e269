import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { migrateToLatest, openDatabase } from '../../server/database/connection'
import { createStores } from '../../server/database/stores'
import { clientHashOf } from '../../server/utils/suggestions/client-hash'
import { ProblemSuggestionSchema } from '../../shared/schemas/suggestion'
import type { PlacesResponse } from '../../shared/types/place'
import { startServer, TEST_CLIENT_HASH_SECRET } from '../setup/server'

// Issue 11, "Client hash": the secret comes from configuration (a production server will not start
// without it), the hash is made with it, and contacts and hashes are removed on time from start-up on.

const root = resolve(import.meta.dirname, '../..')
const dataDir = mkdtempSync(join(tmpdir(), 'yizhan-privacy-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** Runs the built server with `env` until it exits (or `timeoutMs` passes): its exit code and stderr. */
function runUntilExit(env: Record<string, string | undefined>, timeoutMs = 30_000): Promise<{ code: number | null, stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['.output/server/index.mjs'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('exit', (code) => {
      clearTimeout(timer)
      done({ code, stderr })
    })
  })
}

describe('the client-hash secret', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['shorter than 32 characters', 'x'.repeat(31)],
  ])('is required in production: a server with it %s refuses to start and names the variable', async (_name, secret) => {
    const { NUXT_CLIENT_HASH_SECRET: _inherited, ...inherited } = process.env
    const env = {
      ...inherited,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dataDir, `refused-${randomUUID()}.sqlite`)}`,
      ...(secret === undefined ? {} : { NUXT_CLIENT_HASH_SECRET: secret }),
    }
    const { code, stderr } = await runUntilExit(env)
    expect(code).not.toBe(0)
    expect(code).not.toBeNull() // it exited by itself, not by the timeout
    const line = stderr.split('\n').find(l => l.includes('NUXT_CLIENT_HASH_SECRET'))
    expect(line).toMatch(/^\[client-hash\] NUXT_CLIENT_HASH_SECRET is not set \(or shorter than 32 characters\)/)
  })

  it('is what the stored hash is made with: the sender\'s /24 under the Beijing day\'s key', async () => {
    const baseURL = inject('baseURL')
    const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
    const id = randomUUID()
    const response = await fetch(`${baseURL}/api/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'problem', id, stationId: places[0]!.id, reason: 'locked', fillMs: 8000 }),
    })
    expect(response.status).toBe(201)
    const db = new Database(inject('databasePath'), { readonly: true, fileMustExist: true })
    try {
      const row = db.prepare<[string], { client_hash: string, created_at: string }>('SELECT client_hash, created_at FROM suggestions WHERE id = ?').get(id)!
      const secret = process.env.NUXT_CLIENT_HASH_SECRET || TEST_CLIENT_HASH_SECRET
      expect(row.client_hash).toBe(clientHashOf(secret, '127.0.0.1', new Date(row.created_at)))
      expect(row.client_hash).toBe(clientHashOf(secret, '127.0.0.254', new Date(row.created_at)))
    }
    finally {
      db.close()
    }
  })
})

describe('retention', () => {
  it('runs at start-up: an old reviewed suggestion loses its contact and an old hash goes, newer ones stay, one audit row', async () => {
    const databasePath = join(dataDir, 'retention.sqlite')
    const app = openDatabase({ dialect: 'sqlite', path: databasePath })
    const stores = createStores(app.db)
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000)
    const report = () => ProblemSuggestionSchema.parse({ kind: 'problem', id: randomUUID(), stationId: 'station-a', reason: 'locked', contact: '13800000000', fillMs: 5000 })
    const old = report()
    const recent = report()
    try {
      await migrateToLatest(app)
      await stores.suggestions.save(old, { now: daysAgo(100), clientHash: 'old-hash' })
      await stores.suggestions.review(old.id, { status: 'accepted', by: 'staff-1' }, daysAgo(91))
      await stores.suggestions.save(recent, { now: daysAgo(0.5), clientHash: 'recent-hash' })
      await stores.suggestions.review(recent.id, { status: 'accepted', by: 'staff-1' }, daysAgo(0.25))
    }
    finally {
      await app.close()
    }

    const server = await startServer({ DATABASE_URL: `file:${databasePath}` })
    const db = new Database(databasePath, { readonly: true, fileMustExist: true })
    try {
      const audit = () => db.prepare<[], { actor: string, entity: string, after: string }>('SELECT actor, entity, after FROM audit_log WHERE action = \'retention\'').all()
      const deadline = Date.now() + 10_000
      while (!audit().length && Date.now() < deadline) await new Promise(r => setTimeout(r, 100))
      const row = (id: string) => db.prepare<[string], { contact: string | null, client_hash: string | null }>('SELECT contact, client_hash FROM suggestions WHERE id = ?').get(id)
      expect(row(old.id)).toEqual({ contact: null, client_hash: null })
      expect(row(recent.id)).toEqual({ contact: '13800000000', client_hash: 'recent-hash' })
      expect(audit()).toEqual([{ actor: 'system', entity: 'suggestion', after: JSON.stringify({ contacts: 1, clientHashes: 1, confirmers: 0, policy: { contactDays: 90, clientHashDays: 2 } }) }])
    }
    finally {
      db.close()
      server.child.kill('SIGTERM')
    }
  })
})
