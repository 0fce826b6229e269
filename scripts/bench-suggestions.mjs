// Throughput of durable POST /api/suggestions (validation, rate limit, a committed insert) against
// GET /api/health (a trivial JSON route) on the production build, measured in the same run for each
// database: SQLite (WAL, synchronous=FULL), and when reachable PostgreSQL (synchronous_commit on;
// limits in PostgreSQL) and PostgreSQL with limits in Redis.
// Usage: npm run build && npm run bench:suggestions
// The machines are shared and noisy: health and suggestions run alternately, BENCH_ROUNDS times, and
// the median of the rounds' ratios is reported.
// Env: BENCH_DURATION (seconds per run, default 5), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 10),
//      BENCH_DATABASE_URL (a PostgreSQL server to create a bench database on; default TEST_DATABASE_URL,
//      else postgres://postgres@127.0.0.1:5432/test), BENCH_REDIS_URL (default TEST_REDIS_URL, else redis://127.0.0.1:6379).
import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { Redis } from 'ioredis'
import pg from 'pg'
import { freePort } from './lib/serve.mjs'

const root = resolve(import.meta.dirname, '..')
const entry = resolve(root, '.output/server/index.mjs')
const duration = Number(process.env.BENCH_DURATION ?? 5)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const redisUrl = process.env.BENCH_REDIS_URL || process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379'

if (!existsSync(entry)) {
  console.error('No production build: .output/server/index.mjs is missing. Run `npm run build` first.')
  process.exit(1)
}

async function waitFor(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    }
    catch { /* not listening yet */ }
    await new Promise(r => setTimeout(r, 250))
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms`)
}

function run(options) {
  return new Promise((done, fail) => {
    autocannon({ connections, pipelining: 1, ...options }, (error, result) => (error ? fail(error) : done(result)))
  })
}

/** A throw-away PostgreSQL database on the bench server, or undefined when none answers. */
async function postgresDatabase() {
  const admin = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 })
  try {
    await admin.connect()
  }
  catch (error) {
    console.log(`PostgreSQL not reachable at ${postgresUrl} (${error.message}): its runs are skipped.`)
    return undefined
  }
  const name = `yizhan_bench_${randomBytes(4).toString('hex')}`
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(postgresUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async count() {
      const client = new pg.Client({ connectionString: url.toString() })
      await client.connect()
      const { rows } = await client.query('SELECT count(*)::int AS n FROM suggestions')
      await client.end()
      return rows[0].n
    },
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}

async function redisReachable() {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null })
  try {
    await redis.connect()
    await redis.ping()
    return true
  }
  catch (error) {
    console.log(`Redis not reachable at ${redisUrl} (${error.message}): the Redis run is skipped.`)
    return false
  }
  finally {
    redis.disconnect()
  }
}

/** One server on one database: health, then suggestions, with a warm-up of each. */
async function bench(label, env, countRows) {
  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    // A built server refuses to start without a client-hash secret: a throwaway one for measuring.
    env: { NUXT_CLIENT_HASH_SECRET: randomBytes(24).toString('hex'), ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', NUXT_SUGGESTIONS_RATE_LIMIT_MAX: '1000000000', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    await waitFor(`${baseURL}/api/stations`, child)
    const { places } = await (await fetch(`${baseURL}/api/stations`)).json()
    const stationIds = places.map(p => p.id)
    let n = 0
    const suggestions = {
      url: `${baseURL}/api/suggestions`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A fresh id per request: every request is a new row, never an idempotent repeat.
      requests: [{
        setupRequest(request) {
          return { ...request, body: JSON.stringify({ kind: 'confirm', id: randomUUID(), stationId: stationIds[n++ % stationIds.length] }) }
        },
      }],
    }
    const health = { url: `${baseURL}/api/health` }
    console.log(`\n${label}: ${connections} connections, ${rounds} rounds of ${duration} s per route, Node ${process.version}`)
    const warmHealth = await run({ ...health, duration: 2 })
    const warmSuggestions = await run({ ...suggestions, duration: 2 })
    const measured = []
    for (let round = 0; round < rounds; round++) {
      const h = await run({ ...health, duration })
      const s = await run({ ...suggestions, duration })
      measured.push({ h, s, ratio: s.requests.average / h.requests.average })
    }

    console.table(measured.flatMap(({ h, s, ratio }, round) => [['GET /api/health', h], ['POST /api/suggestions (confirm)', s]].map(([route, r]) => ({
      'round': round + 1,
      route,
      'req/s (mean)': Math.round(r.requests.average),
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      'max ms': r.latency.max,
      '2xx': r['2xx'],
      'non-2xx': r.non2xx,
      'errors': r.errors,
      'ratio': route.startsWith('POST') ? ratio.toFixed(3) : '',
    }))))
    const ratios = measured.map(m => m.ratio).sort((a, b) => a - b)
    const ratio = ratios[Math.floor(ratios.length / 2)]
    console.log(`${label}: suggestions / health throughput, median of ${rounds} rounds: ${ratio.toFixed(3)} (rounds: ${measured.map(m => m.ratio.toFixed(3)).join(', ')}; goal ≥ 0.70)`)

    const stored = await countRows()
    const acknowledged = warmSuggestions['2xx'] + measured.reduce((sum, m) => sum + m.s['2xx'], 0)
    // autocannon stops at the deadline without counting answers still in flight (at most one per
    // connection and run), so a few more rows than counted 2xx answers are expected; fewer is a lost write.
    const inFlight = stored - acknowledged
    const consistent = inFlight >= 0 && inFlight <= (rounds + 1) * connections && stored <= n
    console.log(`${label}: ${n} requests built, ${acknowledged} acknowledged, ${stored} rows: ${consistent ? 'consistent' : `INCONSISTENT (difference ${inFlight})`}`)
    const clean = consistent && [warmHealth, warmSuggestions, ...measured.flatMap(m => [m.h, m.s])].every(r => r.non2xx === 0 && r.errors === 0)
    return { label, ratio, ok: clean }
  }
  finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(r => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
  }
}

const results = []
const dataDir = mkdtempSync(join(tmpdir(), 'yizhan-bench-'))
try {
  const file = join(dataDir, 'bench.sqlite')
  results.push(await bench('SQLite', { DATABASE_URL: `file:${file}` }, async () => {
    const db = new Database(file, { readonly: true })
    try {
      return db.prepare('SELECT count(*) AS n FROM suggestions').get().n
    }
    finally {
      db.close()
    }
  }))
}
finally {
  rmSync(dataDir, { recursive: true, force: true })
}

const withRedis = await redisReachable()
for (const redis of withRedis ? [false, true] : [false]) {
  const database = await postgresDatabase()
  if (!database) break
  try {
    const env = { DATABASE_URL: database.url, ...(redis ? { REDIS_URL: redisUrl, NUXT_RATE_LIMIT_REDIS_KEY_PREFIX: `yizhan-bench-${randomBytes(4).toString('hex')}` } : {}) }
    results.push(await bench(redis ? 'PostgreSQL, limits in Redis' : 'PostgreSQL, limits in PostgreSQL', env, () => database.count()))
  }
  finally {
    await database.drop()
  }
}

console.log('\nSummary (suggestions / health, same run):')
for (const { label, ratio, ok } of results) console.log(`  ${label.padEnd(34)} ${ratio.toFixed(3)}${ok ? '' : '  (errors: see above)'}`)
process.exitCode = results.every(r => r.ok) ? 0 : 1
