// Helpers for scripts that run the production build: free ports, starting the server, waiting.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => done(port))
    }).on('error', fail)
  })
}

export async function waitFor(url, tries = 240) {
  for (let i = 0; i < tries; i++) {
    try {
      const response = await fetch(url)
      if (response.ok) return
    }
    catch { /* not listening yet */ }
    await new Promise(r => setTimeout(r, 250))
  }
  throw new Error(`no answer from ${url}`)
}

/**
 * Starts the build in `dir` (`.output/server/index.mjs`) on a free port and waits until `ready`
 * answers; returns its base URL, its process id (to read its memory) and a stop function.
 */
export async function startBuiltServer(env = {}, { dir = '.', ready = '/api/health' } = {}) {
  if (!existsSync(join(dir, '.output/server/index.mjs'))) throw new Error('No build found: run `npm run build` first.')
  const port = await freePort()
  // A built server refuses to start without a client-hash secret: a throwaway one for measuring.
  const secret = process.env.NUXT_CLIENT_HASH_SECRET || randomBytes(24).toString('hex')
  const child = spawn(process.execPath, ['.output/server/index.mjs'], { cwd: dir, env: { NUXT_CLIENT_HASH_SECRET: secret, ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env }, stdio: 'ignore' })
  const baseURL = `http://127.0.0.1:${port}`
  await waitFor(baseURL + ready)
  return { baseURL, pid: child.pid, stop: () => child.kill() }
}

const gz = file => gzipSync(readFileSync(`.output/public${file}`), { level: 9 }).length

/**
 * The JavaScript a page needs before it works (module scripts and modulepreloads in its
 * server-rendered HTML) and what is only prefetched for later, gzip level 9, from the build.
 */
export function firstLoadJs(html) {
  const first = new Set([
    ...[...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+\.js)"/g)].map(m => m[1]),
    ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map(m => m[1]),
  ])
  const later = new Set([...html.matchAll(/<link[^>]+rel="prefetch"[^>]+href="([^"]+\.js)"/g)].map(m => m[1]).filter(f => !first.has(f)))
  const files = list => [...list].map(file => ({ file, gzip: gz(file) }))
  const sum = list => list.reduce((total, f) => total + f.gzip, 0)
  const firstFiles = files(first)
  const laterFiles = files(later)
  return { first: firstFiles, later: laterFiles, firstTotal: sum(firstFiles), laterTotal: sum(laterFiles) }
}

export const kb = bytes => `${(bytes / 1024).toFixed(1)} KB`
