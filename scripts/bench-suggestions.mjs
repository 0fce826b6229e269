// Throughput of POST /api/suggestions (validation + a synchronous SQLite insert with WAL and
// synchronous=FULL) against GET /api/health (a trivial JSON route) on the production build.
// Usage: npm run build && npm run bench:suggestions
// Env: BENCH_DURATION (seconds per run, default 10), BENCH_CONNECTIONS (default 10).
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'

const root = resolve(import.meta.dirname, '..')
const entry = resolve(root, '.output/server/index.mjs')
const duration = Number(process.env.BENCH_DURATION ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)

if (!existsSync(entry)) {
  console.error('No production build: .output/server/index.mjs is missing. Run `npm run build` first.')
  process.exit(1)
}

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => done(port))
    }).on('error', fail)
  })
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

const dataDir = mkdtempSync(join(tmpdir(), 'yizhan-bench-'))
const databasePath = join(dataDir, 'bench.sqlite')
const port = await freePort()
const baseURL = `http://127.0.0.1:${port}`
const child = spawn(process.execPath, [entry], {
  cwd: root,
  env: {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production',
    DATABASE_URL: `file:${databasePath}`, NUXT_SUGGESTIONS_RATE_LIMIT_MAX: '1000000000',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
})

async function stop() {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(r => child.once('exit', r))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

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

  console.log(`Benchmark on ${baseURL}: ${connections} connections, ${duration} s per run, Node ${process.version}`)
  console.log('Warming up…')
  const warmHealth = await run({ ...health, duration: 2 })
  const warmSuggestions = await run({ ...suggestions, duration: 2 })

  const results = {}
  for (const [name, options] of [['GET /api/health', health], ['POST /api/suggestions (confirm)', suggestions]]) {
    console.log(`Running ${name}…`)
    results[name] = await run({ ...options, duration })
  }

  const rows = []
  for (const [name, r] of Object.entries(results)) {
    rows.push({
      'route': name,
      'req/s (mean)': Math.round(r.requests.average),
      'p50 ms': r.latency.p50,
      'p97.5 ms': r.latency.p97_5,
      'p99 ms': r.latency.p99,
      'max ms': r.latency.max,
      '2xx': r['2xx'],
      'non-2xx': r.non2xx,
      'errors': r.errors,
      'timeouts': r.timeouts,
    })
  }
  console.table(rows)
  const [h, s] = Object.values(results)
  console.log(`suggestions / health throughput: ${(s.requests.average / h.requests.average).toFixed(3)}`)

  const db = new Database(databasePath, { readonly: true })
  const stored = db.prepare('SELECT count(*) AS n FROM suggestions').get().n
  db.close()
  const acknowledged = warmSuggestions['2xx'] + s['2xx']
  console.log(`non-2xx answers: health ${h.non2xx + warmHealth.non2xx}, suggestions ${s.non2xx + warmSuggestions.non2xx} (warm-up included)`)
  console.log(`suggestion requests built: ${n}; 2xx answers counted (warm-up ${warmSuggestions['2xx']} + measured ${s['2xx']}): ${acknowledged}; rows in the database: ${stored}`)
  // autocannon stops at the deadline without counting answers still in flight (at most one per
  // connection and run), so a few more rows than counted 2xx answers are expected; fewer is a lost write.
  const inFlight = stored - acknowledged
  const consistent = inFlight >= 0 && inFlight <= 2 * connections && stored <= n
  console.log(consistent
    ? `rows vs 2xx: consistent (${inFlight} rows from requests in flight when a run stopped, at most ${2 * connections})`
    : `rows vs 2xx: INCONSISTENT (difference ${inFlight})`)
  process.exitCode = consistent && s.non2xx === 0 && h.non2xx === 0 ? 0 : 1
}
finally {
  await stop()
  rmSync(dataDir, { recursive: true, force: true })
}
