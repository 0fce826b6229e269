import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { TestProject } from 'vitest/node'

const root = resolve(import.meta.dirname, '../..')
let server: ChildProcess | undefined

/** The client-hash secret test servers start with (a built server refuses to start without one). */
export const TEST_CLIENT_HASH_SECRET = 'test-only-client-hash-secret-0123456789abcdef'

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => done(port))
    }).on('error', fail)
  })
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`)
    try {
      const response = await fetch(url)
      if (response.ok) return
    }
    catch { /* not listening yet */ }
    await new Promise(r => setTimeout(r, 250))
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms`)
}

/**
 * Starts the built production server on a free port with extra environment; resolves once it answers.
 * With `captureOutput`, its stdout and stderr are kept (`output()`: stdout, then stderr) instead of shown.
 */
export async function startServer(env: Record<string, string> = {}, { captureOutput = false } = {}): Promise<{ baseURL: string, child: ChildProcess, output: () => string }> {
  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, ['.output/server/index.mjs'], {
    cwd: root,
    // A session password for staff sign-in and a client-hash secret (only tests use these; production sets its own);
    // warnings and errors only in the test output, not a line per request.
    env: { NUXT_SESSION_PASSWORD: 'test-only-session-password-0123456789abcdef', NUXT_CLIENT_HASH_SECRET: TEST_CLIENT_HASH_SECRET, NUXT_LOG_LEVEL: 'warn', ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', ...env },
    stdio: ['ignore', captureOutput ? 'pipe' : 'inherit', captureOutput ? 'pipe' : 'inherit'],
  })
  // Kept apart, so a line of one is never cut by a chunk of the other.
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  await waitFor(`${baseURL}/api/stations`, child)
  return { baseURL, child, output: () => `${stdout}\n${stderr}` }
}

/**
 * Builds the app once (skip with SKIP_BUILD=1 when .output is fresh) and starts the production
 * server on a free port; every server and browser test file talks to this one server.
 */
export default async function setup(project: TestProject) {
  if (process.env.SKIP_BUILD !== '1' || !existsSync(resolve(root, '.output/server/index.mjs'))) {
    const build = spawnSync('npx', ['nuxt', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
    if (build.status !== 0) throw new Error('nuxt build failed')
  }
  // A fresh database per run; rate limits no test file reaches (rate limiting has its own servers).
  const dataDir = mkdtempSync(join(tmpdir(), 'yizhan-test-'))
  const databasePath = join(dataDir, 'test.sqlite')
  const started = await startServer({ DATABASE_URL: `file:${databasePath}`, NUXT_SUGGESTIONS_RATE_LIMIT_MAX: '1000000', NUXT_STAFF_LOGIN_RATE_LIMIT_MAX: '1000000' })
  server = started.child
  project.provide('baseURL', started.baseURL)
  project.provide('databasePath', databasePath)
  return async () => {
    server?.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
    /** The SQLite file the shared test server writes to. */
    databasePath: string
  }
}
