// Measures the JavaScript a phone must download to show a page of the production build:
// module scripts and modulepreloads in the server-rendered HTML, gzip level 9, and separately
// what is only prefetched for later (e.g. Leaflet). Run `npm run build` first.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { gzipSync } from 'node:zlib'

const paths = process.argv.slice(2).length ? process.argv.slice(2) : ['/']
const port = await new Promise((done) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address()
    probe.close(() => done(port))
  })
})
const server = spawn(process.execPath, ['.output/server/index.mjs'], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' })
const base = `http://127.0.0.1:${port}`

async function get(path) {
  for (let i = 0; i < 120; i++) {
    try {
      const response = await fetch(base + path)
      if (response.ok) return await response.text()
    }
    catch { /* starting */ }
    await new Promise(r => setTimeout(r, 250))
  }
  throw new Error(`no answer from ${base}${path}`)
}

const kb = bytes => `${(bytes / 1024).toFixed(1)} KB`
const gz = file => gzipSync(readFileSync(`.output/public${file}`), { level: 9 }).length

try {
  for (const path of paths) {
    const html = await get(path)
    const first = new Set([
      ...[...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+\.js)"/g)].map(m => m[1]),
      ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map(m => m[1]),
    ])
    const later = new Set([...html.matchAll(/<link[^>]+rel="prefetch"[^>]+href="([^"]+\.js)"/g)].map(m => m[1]).filter(f => !first.has(f)))
    const firstTotal = [...first].reduce((sum, f) => sum + gz(f), 0)
    const laterTotal = [...later].reduce((sum, f) => sum + gz(f), 0)
    console.log(`${path}: first-load JavaScript ${kb(firstTotal)} gzip in ${first.size} files; prefetched for later ${kb(laterTotal)} gzip in ${later.size} files`)
    for (const f of first) console.log(`  first  ${kb(gz(f)).padStart(9)}  ${f}`)
    for (const f of later) console.log(`  later  ${kb(gz(f)).padStart(9)}  ${f}`)
  }
}
finally {
  server.kill()
}
