// `npm run audit`: a benchmark of our pages against the floor of our stack (scripts/lib/floor.mjs:
// bare Nuxt, the same places as a server-rendered list, Leaflet with a marker each). Builds our app
// (unless --no-build) and the floor, runs Lighthouse mobile (Moto G Power, simulated throttling) on
// them in turn, AUDIT_RUNS times each (3), and prints the medians side by side against the targets;
// then axe-core on the main pages in both languages and the first-load JavaScript of `/`. It exits 0
// unless --strict is given and a target is missed; --details prints where each run's main-thread time went. Map tiles come from a stub tile server here.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { crc32, deflateSync, gzipSync } from 'node:zlib'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { chromium } from 'playwright-core'
import puppeteer from 'puppeteer-core'
import { startFloor } from './lib/floor.mjs'
import { firstLoadJs, freePort, kb, startBuiltServer } from './lib/serve.mjs'

const started = Date.now()
const args = new Set(process.argv.slice(2))
const RUNS = Number(process.env.AUDIT_RUNS ?? 3)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
const STATION = '/stations/lingshi-jingsheng-jiayouzhan'

// Chrome fires beforeinstallprompt only for an installable app, and not reliably when headless (in
// Lighthouse runs Chromium 156 sometimes does), so every measured page gets a stand-in 300 ms after
// load: the CLS then always includes the install hint (AppInstallHint.vue).
// @vite-pwa/nuxt only listens from its plugin's set-up on (an event before that is lost, as in a
// real browser), which has run by then; the floor has no listener, so there it does nothing.
const INSTALL_PROMPT = `if (window === window.top) addEventListener('load', () => setTimeout(() => {
  const event = new Event('beforeinstallprompt', { cancelable: true })
  event.prompt = async () => {}
  event.userChoice = Promise.resolve({ outcome: 'dismissed' })
  dispatchEvent(event)
}, 300))`

// Phones have CJK fonts; without one, every line of Chinese is shaped by font fallback, which made
// style and layout several times slower here than on a phone (for the floor as well, less so).
if (!execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim()) {
  console.warn('No Chinese font on this machine: layout is measured slower than on a phone. Install one: apt-get install fonts-wqy-microhei')
}

if (!args.has('--no-build')) execFileSync('npx', ['nuxt', 'build'], { stdio: 'inherit' })

/**
 * A plain 256 px PNG tile, as real tile hosts send (with CORS like them). Not an SVG: each SVG image
 * is drawn as a document of its own on the page's main thread, which no real map tile costs, and it
 * made every tile shown count against Total Blocking Time.
 */
function plainPng(size, [r, g, b]) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())])
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))])
}
const TILE = plainPng(256, [0xe4, 0xea, 0xdf])
const tilePort = await freePort()
const tiles = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*', 'cache-control': 'max-age=86400' })
  res.end(TILE)
}).listen(tilePort, '127.0.0.1')
const tilesEnv = { NUXT_PUBLIC_TILES_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.svg` }

// Stops the servers also when the audit fails half-way.
const servers = []
const stopAll = () => {
  for (const s of servers.splice(0)) s.stop()
  if (tiles.listening) tiles.close()
}
process.on('exit', stopAll)

const app = await startBuiltServer({ DATABASE_URL: 'file:.data/audit.sqlite', ...tilesEnv })
servers.push(app)
// The floor lists the places our API serves, so both pages carry the same data.
const { places } = await (await fetch(`${app.baseURL}/api/stations`)).json()
const floor = await startFloor(places.map(p => ({ id: p.id, name: p.name, address: p.address, lat: p.location.lat, lng: p.location.lng })), tilesEnv)
servers.push(floor)
// With AUDIT_PLACES_DATABASE (a SQLite file `data:import --to database` filled, e.g. with the 186,100
// synthetic places of `data:synth`), the map page of a server on it too, region AUDIT_PLACES_REGION
// (100000): the issue's "the map page loads as fast as with 47", measured in the same runs.
const many = process.env.AUDIT_PLACES_DATABASE
  ? await startBuiltServer({ DATABASE_URL: `file:${process.env.AUDIT_PLACES_DATABASE}`, NUXT_PUBLIC_REGION: process.env.AUDIT_PLACES_REGION ?? '100000', ...tilesEnv })
  : undefined
if (many) servers.push(many)
const manyTotal = many && (await (await fetch(`${many.baseURL}/api/places?bbox=-180,-85,180,85&zoom=0`)).json()).total

const short = text => (text.length > 24 ? `${text.slice(0, 24)}…` : text)
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** One Lighthouse run (performance only) in a fresh tab that fires the stand-in install prompt. */
async function measure(browser, url) {
  const page = await browser.newPage()
  await page.evaluateOnNewDocument(INSTALL_PROMPT)
  const { lhr } = await lighthouse(url, { logLevel: 'error', onlyCategories: ['performance'] }, undefined, page)
  // Lighthouse leaves the page loaded: did the prompt show the hint?
  const hint = (await page.$('[data-testid="install-hint"]')) !== null
  await page.close()
  const value = id => lhr.audits[id]?.numericValue ?? Number.NaN
  const requests = lhr.audits['network-requests'].details?.items ?? []
  // The first paint on the requests' clock (theirs starts at the first request, not at navigation).
  const paintAt = (lhr.audits.metrics.details?.items?.[0]?.observedFirstContentfulPaintTs
    - lhr.audits['network-requests'].details?.debugData?.networkStartTimeTs) / 1000
  const transferred = test => requests.filter(test).reduce((total, r) => total + r.transferSize, 0)
  const lcpNode = lhr.audits['largest-contentful-paint-element'].details?.items?.[0]?.items?.[0]?.node
  const problems = [...(lhr.runWarnings ?? []), lhr.runtimeError?.message,
    ...Object.values(lhr.audits).filter(a => a.errorMessage).map(a => `${a.id}: ${a.errorMessage}`)]
    // Lighthouse clears the origin's storage after this warning (the previous run left it there).
    .filter(problem => problem && !problem.includes('stored data affecting loading performance'))
  return {
    // Lighthouse could not measure this run (e.g. NO_NAVSTART: its trace lost the navigation).
    failed: Boolean(lhr.runtimeError),
    score: (lhr.categories.performance.score ?? Number.NaN) * 100,
    fcp: value('first-contentful-paint'),
    lcp: value('largest-contentful-paint'),
    tbt: value('total-blocking-time'),
    si: value('speed-index'),
    cls: value('cumulative-layout-shift'),
    shifts: lhr.audits['layout-shifts'].details?.items?.length ?? Number.NaN,
    // By type rather than resource-summary's "script", which files JS fetched by
    // <link rel="prefetch"> (Leaflet, lazy components) under "other".
    script: transferred(r => r.mimeType?.includes('javascript')),
    // Lighthouse's simulation takes a high-priority script that had arrived by the first paint of the
    // load it recorded (unthrottled) for one that held that paint up: its bytes then add to the
    // simulated FCP at 1.6 Mbit/s, even when the script only runs after the paint.
    scriptBeforePaint: transferred(r => r.mimeType?.includes('javascript') && ['High', 'VeryHigh'].includes(r.priority)
      && r.networkEndTime <= paintAt),
    html: transferred(r => r.resourceType === 'Document'),
    // The page as gzip would send it, whatever the server chose (it sends brotli when asked).
    htmlGzip: gzipSync(await (await fetch(url)).arrayBuffer()).length,
    dom: value('dom-size'),
    mainThread: value('mainthread-work-breakdown'),
    // An image's label is its selector; an element with text is labelled by its text.
    lcpElement: !lcpNode ? 'none' : lcpNode.nodeLabel === lcpNode.selector ? lcpNode.selector.split(' > ').pop() : `${lcpNode.snippet.match(/^<([\w-]+)/)?.[1]} “${short(lcpNode.nodeLabel)}”`,
    hint,
    problems,
    // With --details: where the main thread's time went, to find what to make cheaper.
    details: {
      bootup: (lhr.audits['bootup-time'].details?.items ?? []).slice(0, 8).map(i => `${Math.round(i.total)} ms (script ${Math.round(i.scripting)}, parse ${Math.round(i.scriptParseCompile)})  ${i.url.replace(/^https?:\/\/[^/]+/, '')}`),
      work: (lhr.audits['mainthread-work-breakdown'].details?.items ?? []).map(i => `${Math.round(i.duration)} ms ${i.groupLabel ?? i.group}`),
      longTasks: (lhr.audits['long-tasks'].details?.items ?? []).slice(0, 10).map(i => `${Math.round(i.duration)} ms at ${Math.round(i.startTime)} ms  ${i.url.replace(/^https?:\/\/[^/]+/, '')}`),
    },
  }
}

const pages = [['floor', `${floor.baseURL}/`], ['/', `${app.baseURL}/`], [STATION, app.baseURL + STATION],
  ...(many ? [[`/ with ${manyTotal.toLocaleString('en')} places`, `${many.baseURL}/`]] : [])]
const runs = Object.fromEntries(pages.map(([name]) => [name, []]))
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS })
const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null })
try {
  // In turn rather than one page after the other, so a noisy minute on a shared machine hits all alike.
  for (let run = 1; run <= RUNS; run++) {
    for (const [name, url] of pages) {
      let m = await measure(browser, url)
      // Lighthouse now and then loses a navigation in its trace (NO_NAVSTART) and measures nothing:
      // the run is made again, twice at most, and the table counts the runs it did measure.
      for (let retry = 1; m.failed && retry <= 2; retry++) {
        console.log(`run ${run} ${name}: Lighthouse could not measure it (${m.problems[0] ?? 'no reason given'}), again`)
        m = await measure(browser, url)
      }
      runs[name].push(m)
      console.log(`run ${run} ${name}: score ${Math.round(m.score)}, FCP ${Math.round(m.fcp)} ms, LCP ${Math.round(m.lcp)} ms, TBT ${Math.round(m.tbt)} ms, CLS ${m.cls.toFixed(3)} (${m.shifts} shifts), install hint ${m.hint ? 'shown' : 'not shown'}`)
      for (const problem of m.problems) console.log(`  Lighthouse: ${problem}`)
      if (args.has('--details')) {
        for (const [title, lines] of Object.entries(m.details)) console.log(`  ${title}:\n${lines.map(line => `    ${line}`).join('\n')}`)
      }
    }
  }
}
finally {
  await browser.disconnect()
  chrome.kill()
}

const ms = v => `${Math.round(v)} ms`
const ROWS = [
  { name: 'Performance score', key: 'score', show: v => String(Math.round(v)), goal: '≥ 90 and ≥ floor − 5', ok: (v, f) => v >= 90 && v >= f - 5 },
  // Not a target, but a tenth of the score, and what holds up a station page's LCP (its text).
  { name: 'FCP', key: 'fcp', show: ms },
  { name: 'LCP', key: 'lcp', show: ms, goal: '≤ 1.25 × floor', ok: (v, f) => v <= 1.25 * f },
  { name: 'TBT', key: 'tbt', show: ms, goal: '≤ floor + 150 ms', ok: (v, f) => v <= f + 150 },
  { name: 'Speed Index', key: 'si', show: ms },
  { name: 'CLS', key: 'cls', show: v => v.toFixed(3) },
  { name: 'CLS, worst run', key: 'cls', of: values => Math.max(...values), show: v => v.toFixed(3), goal: '≤ 0.01 in every run', ok: v => v <= 0.01 },
  { name: 'Script transferred', key: 'script', show: kb, goal: '≤ 1.8 × floor', ok: (v, f) => v <= 1.8 * f },
  { name: 'Script in before first paint', key: 'scriptBeforePaint', show: kb },
  { name: 'HTML transferred', key: 'html', show: kb },
  { name: 'HTML gzip', key: 'htmlGzip', show: kb, goal: '≤ 30 KB', ok: v => v <= 30 * 1024 },
  { name: 'DOM elements', key: 'dom', show: String },
  { name: 'Main-thread work', key: 'mainThread', show: ms },
]

let missed = 0
// A run Lighthouse failed to measure has no numbers: the medians are of the others, and the table
// says how many there were (a target "in every run" is then not shown to be met).
const measured = list => list.filter(m => !m.failed)
for (const [name] of pages.slice(1)) {
  const ours = measured(runs[name])
  const floorRuns = measured(runs.floor)
  const rows = ROWS.map(({ name, key, of = median, show, goal = '', ok }) => {
    const [v, f] = [of(ours.map(m => m[key])), of(floorRuns.map(m => m[key]))]
    const pass = ok ? ok(v, f) : undefined
    if (pass === false) missed++
    return [name, show(f), show(v), f ? `${(v / f).toFixed(2)}×` : '–', goal, pass === undefined ? '' : pass ? '✓' : '✗']
  })
  // The CLS rows only count if the stand-in prompt did show the hint in every run.
  const hints = ours.filter(m => m.hint).length
  if (hints < ours.length) missed++
  rows.push(['Install hint shown', '–', `${hints}/${ours.length} runs`, '', 'every run', hints === ours.length ? '✓' : '✗'])
  const complete = ours.length === RUNS && floorRuns.length === RUNS
  if (!complete) missed++
  rows.push(['Runs Lighthouse measured', `${floorRuns.length}/${RUNS}`, `${ours.length}/${RUNS}`, '', 'every run', complete ? '✓' : '✗'])
  const elements = list => [...new Set(list.map(m => m.lcpElement.replaceAll('|', '\\|')))].join(' / ')
  rows.push(['LCP element', elements(floorRuns), elements(ours), '', '', ''])
  console.log(`\n| median (${ours.length} of ${RUNS} runs) | floor | 驿站地图 ${name} | ratio | target | ok |\n| --- | --- | --- | --- | --- | --- |`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
}

const rows = []
const target = (name, value, ok, goal) => rows.push({ name, value, goal, ok })

/**
 * Blocking time as the page itself reports it (the Long Tasks API: each task past 50 ms after first
 * paint, less 50 ms), the CPU slowed 4× by DevTools and no trace recorded, until 5 s after load.
 * Lighthouse's TBT comes from a trace it records while the page loads unslowed (with a CPU profiler,
 * stacks and invalidation tracking on), every task of which its simulation then takes 4 times as long:
 * the trace's own cost grows with the script a page runs, and a task of 13 ms counts as one of 52.
 * Shown beside Lighthouse's, to tell what a slow phone would feel from what the trace adds; not a target.
 */
async function untracedBlocking(browser, url) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  await page.addInitScript(INSTALL_PROMPT)
  await page.addInitScript(() => {
    window.__longTasks = []
    new PerformanceObserver(list => window.__longTasks.push(...list.getEntries().map(e => [e.startTime, e.duration]))).observe({ type: 'longtask' })
  })
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
  await page.goto(url, { waitUntil: 'load' })
  await page.waitForTimeout(5000)
  const { tasks, fcp } = await page.evaluate(() => ({ tasks: window.__longTasks, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime }))
  await context.close()
  return fcp === undefined ? Number.NaN : tasks.filter(([start]) => start >= fcp).reduce((sum, [, duration]) => sum + duration - 50, 0)
}

const UNTRACED_RUNS = Number(process.env.AUDIT_UNTRACED_RUNS ?? 5)
if (UNTRACED_RUNS > 0) {
  const untraced = Object.fromEntries(pages.map(([name]) => [name, []]))
  const slowed = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  for (let run = 1; run <= UNTRACED_RUNS; run++) {
    for (const [name, url] of pages) untraced[name].push(await untracedBlocking(slowed, url))
  }
  await slowed.close()
  const floorBlocking = median(untraced.floor)
  console.log(`\nBlocking time at 4× CPU with no trace (Long Tasks API, until 5 s after load; median of ${UNTRACED_RUNS} runs in turn, not a target):`)
  for (const [name, values] of Object.entries(untraced)) {
    const value = median(values)
    console.log(`  ${name.padEnd(40)} ${ms(value).padStart(8)}  ${name === 'floor' ? '' : `floor + ${ms(value - floorBlocking)}`}  (runs ${values.map(Math.round).join(', ')})`)
  }
}

// axe-core on the main pages, both languages (the language cookie of @nuxtjs/i18n, if present).
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8')
const axeBrowser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
for (const lang of ['zh-CN', 'en']) {
  const context = await axeBrowser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true })
  await context.addCookies([{ name: 'i18n_redirected', value: lang, url: app.baseURL }, { name: 'i18n_lang', value: lang, url: app.baseURL }])
  const page = await context.newPage()
  let total = 0
  for (const path of ['/', STATION, `${STATION}/report`, '/suggest']) {
    await page.goto(app.baseURL + path, { waitUntil: 'networkidle' })
    await page.addScriptTag({ content: axeSource })
    const violations = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] })).violations)
    for (const v of violations) console.log(`  axe ${lang} ${path}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.help}`)
    total += violations.length
  }
  target(`axe-core violations (${lang}, 4 pages)`, total, total === 0, '0')
  await context.close()
}
await axeBrowser.close()

const js = firstLoadJs(await (await fetch(`${app.baseURL}/`)).text())
target('/ first-load JavaScript (gzip)', kb(js.firstTotal), js.firstTotal <= 120 * 1024, '<= 120 KB')
target('/ JavaScript prefetched after load (gzip)', kb(js.laterTotal), true, '')
stopAll()

const width = Math.max(...rows.map(r => r.name.length))
console.log('')
for (const r of rows) console.log(`${r.goal ? (r.ok ? '✓' : '✗') : ' '} ${r.name.padEnd(width)}  ${String(r.value).padStart(9)}  ${r.goal ? `target ${r.goal}` : ''}`)
missed += rows.filter(r => r.goal && !r.ok).length
const minutes = (Date.now() - started) / 60_000
console.log(`\n${missed ? `${missed} target(s) missed` : 'All targets met'}; the audit took ${minutes.toFixed(1)} min.`)
if (missed && args.has('--strict')) process.exit(1)
