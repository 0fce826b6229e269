// `npm run audit`: builds, starts the production server, and measures what the budgets of the
// product are about: Lighthouse (mobile) on `/` and a station page, axe-core on the main pages
// in both languages, and the first-load JavaScript of `/`. A benchmark, not a test: it prints the
// numbers and marks each target, and exits 0 unless --strict is given and a target is missed.
// Map tiles come from a stub tile server on this machine (nothing leaves it).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { chromium } from 'playwright-core'
import { firstLoadJs, freePort, kb, startBuiltServer } from './lib/serve.mjs'

const args = new Set(process.argv.slice(2))
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
const STATION = '/stations/lingshi-jingsheng-jiayouzhan'

if (!args.has('--no-build')) execFileSync('npx', ['nuxt', 'build'], { stdio: 'inherit' })

// A plain 256 px tile: enough for the map to draw, with CORS like real tile hosts.
const TILE = '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#e4eadf"/></svg>'
const tilePort = await freePort()
const tiles = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'image/svg+xml', 'access-control-allow-origin': '*', 'cache-control': 'max-age=86400' })
  res.end(TILE)
}).listen(tilePort, '127.0.0.1')

const server = await startBuiltServer({
  DATABASE_URL: 'file:.data/audit.sqlite',
  NUXT_PUBLIC_TILES_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.svg`,
})

const rows = []
const target = (name, value, ok, goal) => rows.push({ name, value, goal, ok })

try {
  // Lighthouse, mobile defaults (Moto G Power emulation, simulated slow 4G).
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS })
  for (const path of ['/', STATION]) {
    const { lhr } = await lighthouse(server.baseURL + path, { port: chrome.port, output: 'json', logLevel: 'error' })
    const score = id => Math.round((lhr.categories[id]?.score ?? 0) * 100)
    const audit = id => lhr.audits[id]?.numericValue ?? Number.NaN
    const home = path === '/'
    target(`${path} Lighthouse Performance`, score('performance'), !home || score('performance') >= 95, home ? '>= 95' : '')
    target(`${path} Lighthouse Accessibility`, score('accessibility'), !home || score('accessibility') === 100, home ? '100' : '')
    target(`${path} Lighthouse Best Practices`, score('best-practices'), !home || score('best-practices') === 100, home ? '100' : '')
    target(`${path} Lighthouse SEO`, score('seo'), !home || score('seo') >= 95, home ? '>= 95' : '')
    target(`${path} LCP`, `${(audit('largest-contentful-paint') / 1000).toFixed(2)} s`, !home || audit('largest-contentful-paint') <= 2000, home ? '<= 2.0 s' : '')
    target(`${path} CLS`, audit('cumulative-layout-shift').toFixed(3), !home || audit('cumulative-layout-shift') <= 0.02, home ? '<= 0.02' : '')
    target(`${path} TBT`, `${Math.round(audit('total-blocking-time'))} ms`, true, '')
    for (const category of Object.values(lhr.categories)) {
      for (const ref of category.auditRefs) {
        const a = lhr.audits[ref.id]
        if (ref.weight > 0 && a.score !== null && a.score < 1 && category.id !== 'performance') console.log(`  ${path} ${category.id}: ${a.id} (${a.title})`)
      }
    }
  }
  await chrome.kill()

  // axe-core on the main pages, both languages (the language cookie of @nuxtjs/i18n, if present).
  const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8')
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  for (const lang of ['zh-CN', 'en']) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true })
    await context.addCookies([{ name: 'i18n_redirected', value: lang, url: server.baseURL }, { name: 'i18n_lang', value: lang, url: server.baseURL }])
    const page = await context.newPage()
    let total = 0
    for (const path of ['/', STATION, `${STATION}/report`, '/suggest']) {
      await page.goto(server.baseURL + path, { waitUntil: 'networkidle' })
      await page.addScriptTag({ content: axeSource })
      const violations = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] })).violations)
      for (const v of violations) console.log(`  axe ${lang} ${path}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.help}`)
      total += violations.length
    }
    target(`axe-core violations (${lang}, 4 pages)`, total, total === 0, '0')
    await context.close()
  }
  await browser.close()

  const js = firstLoadJs(await (await fetch(server.baseURL + '/')).text())
  target('/ first-load JavaScript (gzip)', kb(js.firstTotal), js.firstTotal <= 120 * 1024, '<= 120 KB')
  target('/ JavaScript prefetched after load (gzip)', kb(js.laterTotal), true, '')
}
finally {
  server.stop()
  tiles.close()
}

const width = Math.max(...rows.map(r => r.name.length))
console.log('\nAudit results')
for (const r of rows) console.log(`${r.goal ? (r.ok ? '✓' : '✗') : ' '} ${r.name.padEnd(width)}  ${String(r.value).padStart(9)}  ${r.goal ? `target ${r.goal}` : ''}`)
const missed = rows.filter(r => r.goal && !r.ok)
console.log(missed.length ? `\n${missed.length} target(s) missed.` : '\nAll targets met.')
if (missed.length && args.has('--strict')) process.exit(1)
