import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startServer } from '../setup/server'
import { freshDatabase, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services'
import { call } from './staff-client'

/**
 * Health (issue 12): GET /api/health is the cheap liveness answer; GET /api/health/ready checks the
 * database and Redis (when configured), and answers 503 naming what failed, never how it is reached.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'yizhan-health-'))
const children: ChildProcess[] = []
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  for (const cleanup of cleanups) await cleanup()
  rmSync(dataDir, { recursive: true, force: true })
})

async function serverWith(env: Record<string, string>) {
  const started = await startServer({ DATABASE_URL: `file:${join(dataDir, `${children.length}.sqlite`)}`, ...env })
  children.push(started.child)
  return started.baseURL
}

/** A local port nothing listens on. */
const closedPort = () => new Promise<number>((resolve, reject) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number }
    probe.close(() => resolve(port))
  }).on('error', reject)
})

describe('GET /api/health', () => {
  it('stays the cheap liveness answer', async () => {
    const answer = await call(inject('baseURL'), 'GET', '/api/health')
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ ok: true })
  })
})

describe('GET /api/health/ready', () => {
  it('is 200 with the database checked and Redis not configured on one box', async () => {
    const baseURL = process.env.REDIS_URL ? await serverWith({ REDIS_URL: '' }) : inject('baseURL')
    const answer = await call(baseURL, 'GET', '/api/health/ready')
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ ok: true, checks: { database: 'ok', redis: 'not configured' } })
    expect(answer.headers.get('cache-control')).toBe('no-store')
  })

  it('is 503 naming redis when Redis does not answer, without saying where it is; liveness stays 200', async () => {
    const port = await closedPort()
    const baseURL = await serverWith({ REDIS_URL: `redis://:secret-redis-password@127.0.0.1:${port}/0` })
    const answer = await call(baseURL, 'GET', '/api/health/ready')
    expect(answer.status).toBe(503)
    expect(answer.json).toEqual({ ok: false, checks: { database: 'ok', redis: 'failed' } })
    for (const secret of [String(port), 'secret-redis-password', 'redis://', '127.0.0.1']) expect(answer.text).not.toContain(secret)
    expect((await call(baseURL, 'GET', '/api/health')).status).toBe(200)
  })

  it.runIf(TEST_REDIS_URL)('is 200 with Redis answering PING', async () => {
    const baseURL = await serverWith({ REDIS_URL: TEST_REDIS_URL!, NUXT_RATE_LIMIT_REDIS_KEY_PREFIX: `yizhan-health-${process.pid}` })
    const answer = await call(baseURL, 'GET', '/api/health/ready')
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ ok: true, checks: { database: 'ok', redis: 'ok' } })
  })

  it.runIf(TEST_DATABASE_URL)('is 503 naming the database when PostgreSQL loses it, without its address', async () => {
    const database = await freshDatabase('postgres')
    let dropped = false
    cleanups.push(async () => {
      if (!dropped) await database.drop()
    })
    const baseURL = await serverWith({ DATABASE_URL: database.url })
    expect((await call(baseURL, 'GET', '/api/health/ready')).json).toEqual({ ok: true, checks: { database: 'ok', redis: 'not configured' } })
    await database.drop() // WITH (FORCE): the server's connections are ended, and no new one finds the database
    dropped = true
    const answer = await call(baseURL, 'GET', '/api/health/ready')
    expect(answer.status).toBe(503)
    expect(answer.json).toEqual({ ok: false, checks: { database: 'failed', redis: 'not configured' } })
    const url = new URL(database.url)
    for (const secret of [url.pathname.slice(1), url.host, 'postgres://']) expect(answer.text).not.toContain(secret)
  })
})
