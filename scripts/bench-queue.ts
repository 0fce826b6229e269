// How fast the staff's review queue answers with BENCH_SUGGESTIONS (default 100,000) suggestions in
// the database (issue 11 asks for under 100 ms): GET /api/admin/suggestions (the first page, one
// district, a page half-way down, one kind) and GET /api/admin/attention, each beside GET /api/health
// timed in the same rounds, as the machines are shared and noisy. On the production build, with
// SQLite in a temporary file, and with PostgreSQL when one answers (a database of its own, dropped
// afterwards). The suggestions are synthetic (texts say 合成基准数据, client hashes start with
// `synthetic-`) and live only in the benchmark's databases.
// Usage: npm run build && npm run bench:queue
// Env: BENCH_SUGGESTIONS (default 100000), BENCH_ROUNDS (default 20), BENCH_DATABASE_URL (a PostgreSQL
//      server to create a database on; default TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test).
import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { migrateToLatest, openDatabase, type DatabaseTarget } from '../server/database/connection'
import { createStores, type NewSuggestion } from '../server/database/stores'
import { createStaffAccount } from '../server/utils/staff/accounts'
import { nearestDistrict } from '../server/utils/stations/districts'
import { readPlaceFiles } from '../modules/validate-places/place-files'
import { SuggestionSchema, type SuggestionStatus } from '../shared/schemas/suggestion'
import type { District } from '../shared/utils/vocabulary'
import { freePort, waitFor } from './lib/serve.mjs'

const root = resolve(import.meta.dirname, '..')
const entry = resolve(root, '.output/server/index.mjs')
const COUNT = Number(process.env.BENCH_SUGGESTIONS ?? 100_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20)
const POSTGRES = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const PAGE_SIZE = 20 // runtimeConfig.staff.pageSize
const DISTRICT: District = '140702' // 榆次区
const PASSWORD = randomBytes(12).toString('hex')
const DAY_MS = 86_400_000

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** A deterministic stream of numbers in [0, 1): the same data every run. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

interface Expected {
  pending: number
  pendingIn: number
  pendingProposals: number
}

/**
 * Stores COUNT suggestions through the store, as the server does (so a station suggestion's district
 * is left for the server's first request to fill, as after the upgrade): 15 % proposals spread over
 * the default region, 25 % corrections, 20 % problem reports, 40 % confirms, over the last 10 days, newest last;
 * 70 % pending, the rest reviewed.
 */
async function fill(target: DatabaseTarget): Promise<Expected> {
  const database = openDatabase(target)
  try {
    await migrateToLatest(database)
    const stores = createStores(database.db)
    for (const [email, district] of [['bench-admin@example.org', null], ['bench-editor@example.org', DISTRICT]] as const) {
      await createStaffAccount(stores, { email, password: PASSWORD, role: district ? 'editor' : 'admin', district }, 'system')
    }
    const stations = readPlaceFiles(join(root, 'content'), root).places.map(place => ({ id: place.id, district: place.data.district }))
    const next = random(11)
    const now = Date.now()
    const statuses: Record<SuggestionStatus, string[]> = { pending: [], accepted: [], rejected: [], duplicate: [] }
    const expected: Expected = { pending: 0, pendingIn: 0, pendingProposals: 0 }
    let batch: NewSuggestion[] = []
    for (let n = 0; n < COUNT; n++) {
      const id = randomUUID()
      const station = stations[Math.floor(next() * stations.length)]!
      const slot = n % 20
      const note = `合成基准数据 #${n}`
      const suggestion = SuggestionSchema.parse(
        slot < 3
          ? { kind: 'new-station', id, name: `合成基准驿站 ${n}`, location: { lat: 36.9 + next() * 1.0, lng: 111.8 + next() * 1.8 }, address: note, fillMs: 5000 }
          : slot < 8
            ? { kind: 'correction', id, stationId: station.id, changes: { arrivalHint: note }, fillMs: 5000 }
            : slot < 12
              ? { kind: 'problem', id, stationId: station.id, reason: 'other', note, fillMs: 5000 }
              : { kind: 'confirm', id, stationId: station.id },
      )
      const status: SuggestionStatus = (['pending', 'pending', 'pending', 'pending', 'pending', 'pending', 'pending', 'accepted', 'rejected', 'duplicate'] as const)[n % 10]!
      statuses[status].push(id)
      if (status === 'pending') {
        const district = suggestion.kind === 'new-station' ? nearestDistrict(suggestion.location) : station.district
        expected.pending++
        if (district === DISTRICT) expected.pendingIn++
        if (suggestion.kind === 'new-station') expected.pendingProposals++
      }
      batch.push({ suggestion, now: new Date(now - (COUNT - n) * (10 * DAY_MS / COUNT)), clientHash: `synthetic-${n % 5000}` })
      if (batch.length === 1000 || n === COUNT - 1) {
        await stores.suggestions.saveMany(batch)
        batch = []
      }
    }
    for (const status of ['accepted', 'rejected', 'duplicate'] as const) {
      for (let i = 0; i < statuses[status].length; i += 500) {
        await database.db.updateTable('suggestions').set({ status, reviewed_by: 'system', reviewed_at: new Date(now).toISOString() })
          .where('id', 'in', statuses[status].slice(i, i + 500)).execute()
      }
    }
    return expected
  }
  finally {
    await database.close()
  }
}

/** Starts the build on `databaseUrl`; resolves once it answers, with what it logged meanwhile. */
async function start(databaseUrl: string) {
  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      NUXT_SESSION_PASSWORD: randomBytes(24).toString('hex'),
      NUXT_CLIENT_HASH_SECRET: randomBytes(24).toString('hex'),
      NUXT_STAFF_LOGIN_RATE_LIMIT_MAX: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let log = ''
  child.stdout.on('data', (chunk: Buffer) => log += chunk.toString())
  const started = performance.now()
  await waitFor(`${baseURL}/api/health`)
  return { baseURL, readyMs: performance.now() - started, log: () => log, stop: () => child.kill() }
}

async function signIn(origin: string, email: string) {
  const answer = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ email, password: PASSWORD }) })
  if (!answer.ok) throw new Error(`login ${email}: ${answer.status} ${await answer.text()}`)
  return { cookie: answer.headers.getSetCookie()[0]!.split(';')[0]!, origin }
}

interface QueueAnswer {
  items: Array<{ district: string | null }>
  total: number
}

async function bench(label: string, target: DatabaseTarget, databaseUrl: string) {
  const filling = performance.now()
  const expected = await fill(target)
  console.log(`\n${label}: ${COUNT} synthetic suggestions stored in ${((performance.now() - filling) / 1000).toFixed(1)} s (${expected.pending} pending, ${expected.pendingIn} of them in ${DISTRICT}, ${expected.pendingProposals} proposals)`)
  const server = await start(databaseUrl)
  try {
    const recorded = /\[suggestions\] (\d+) suggestions given their station's district in (\d+) ms/.exec(server.log())
    console.log(`  first start: answered after ${server.readyMs.toFixed(0)} ms; ${recorded ? `${recorded[1]} station suggestions given their district at the first request in ${recorded[2]} ms` : 'no district to fill'}`)
    // What PostgreSQL's autovacuum does within a minute of such a load and of that first request (the
    // statistics, and the visibility map that index-only scans need); the bench does not wait for it.
    if (target.dialect === 'postgres') await vacuum(databaseUrl)
    const origin = server.baseURL
    const admin = await signIn(origin, 'bench-admin@example.org')
    const editor = await signIn(origin, 'bench-editor@example.org')
    const middle = Math.max(1, Math.floor(expected.pending / PAGE_SIZE / 2))
    const cases: Array<{ name: string, path: string, headers?: Record<string, string>, check?: (answer: QueueAnswer) => boolean }> = [
      { name: 'GET /api/health (baseline)', path: '/api/health' },
      { name: 'queue, first page (admin, pending)', path: '/api/admin/suggestions?status=pending', headers: admin, check: a => a.total === expected.pending && a.items.length === PAGE_SIZE },
      { name: `queue, ${DISTRICT} (admin chooses it)`, path: `/api/admin/suggestions?status=pending&district=${encodeURIComponent(DISTRICT)}`, headers: admin, check: a => a.total === expected.pendingIn && a.items.every(i => i.district === DISTRICT) },
      { name: `queue, an editor of ${DISTRICT}`, path: '/api/admin/suggestions?status=pending', headers: editor, check: a => a.total === expected.pendingIn && a.items.every(i => i.district === DISTRICT) },
      { name: `queue, page ${middle} (half-way down)`, path: `/api/admin/suggestions?status=pending&page=${middle}`, headers: admin, check: a => a.total === expected.pending && a.items.length === PAGE_SIZE },
      { name: 'queue, new-station proposals', path: '/api/admin/suggestions?status=pending&kind=new-station', headers: admin, check: a => a.total === expected.pendingProposals },
      { name: 'queue, every status', path: '/api/admin/suggestions', headers: admin, check: a => a.total === COUNT },
      { name: 'attention list (admin)', path: '/api/admin/attention', headers: admin },
    ]
    const times = cases.map(() => [] as number[])
    // One warm-up round, checked; then ROUNDS rounds, each case once per round.
    for (let round = 0; round <= ROUNDS; round++) {
      for (const [index, { name, path, headers, check }] of cases.entries()) {
        const begun = performance.now()
        const answer = await fetch(origin + path, { headers })
        const body = await answer.text()
        const ms = performance.now() - begun
        if (!answer.ok) throw new Error(`${name}: ${answer.status} ${body.slice(0, 300)}`)
        if (round === 0) {
          if (check && !check(JSON.parse(body) as QueueAnswer)) throw new Error(`${name}: unexpected answer ${body.slice(0, 300)}`)
          continue
        }
        times[index]!.push(ms)
      }
    }
    const baseline = median(times[0]!)
    console.log(`  median of ${ROUNDS} rounds, ms (× /api/health):`)
    for (const [index, { name }] of cases.entries()) {
      const value = median(times[index]!)
      console.log(`    ${name.padEnd(44)} ${value.toFixed(1).padStart(7)}${index ? `  (${(value / baseline).toFixed(1)}×)` : ''}`)
    }
  }
  finally {
    server.stop()
  }
}

async function vacuum(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('VACUUM ANALYZE suggestions')
  }
  finally {
    await client.end()
  }
}

/** A database of the bench's own on the PostgreSQL server, or undefined when none answers. */
async function postgresDatabase() {
  const admin = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 2000 })
  try {
    await admin.connect()
  }
  catch (error) {
    console.log(`PostgreSQL not reachable at ${POSTGRES} (${(error as Error).message}): its run is skipped.`)
    return undefined
  }
  const name = `yizhan_bench_queue_${randomBytes(4).toString('hex')}`
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  }
  finally {
    await admin.end()
  }
  const url = new URL(POSTGRES)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}

async function main() {
  if (!existsSync(entry)) throw new Error('No production build: run `npm run build` first.')
  console.log(`Review queue at ${COUNT} suggestions, Node ${process.version}`)
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-queue-'))
  try {
    const path = join(dir, 'bench.sqlite')
    await bench('SQLite', { dialect: 'sqlite', path }, `file:${path}`)
  }
  finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const postgres = await postgresDatabase()
  if (!postgres) return
  try {
    await bench('PostgreSQL', { dialect: 'postgres', url: postgres.url }, postgres.url)
  }
  finally {
    await postgres.drop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
