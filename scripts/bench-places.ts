// Places on the national scale (issue 10), on the synthetic list of npm run data:synth (186,100 places
// spread over the country's counties, never shipped as data).
// 1. In process: the spatial index's build, nearest-20 and viewport queries (median and p95 over many
//    random queries), the whole-country view from cells summed once, and far-out views with the map's
//    other filters (amenity, district, open now, search) as GET /api/places asks them.
// 2. Over HTTP (when a build exists; BENCH_HTTP=0 skips it): the list imported with
//    `data:import --to database` into a fresh SQLite file (timed), the built server started on it with
//    NUXT_PUBLIC_REGION=100000, its first answer (loading 186,100 places), GET /api/places/nearest,
//    /api/places at city zoom and for the whole country, and a phone's searches for a place in another
//    city (/api/places/search: part of its name, its pinyin initials, its county) beside GET /api/health
//    in the same rounds (interleaved, the machines are shared and noisy), the gzip size of a city view
//    and of the map page's HTML, the open data's size and time, and the server's memory after warming
//    up, after the open data, after each of the staff's spreadsheets and after every city's list
//    (/api/places/city) was asked once, each with its own peak.
// Usage: npm run build && npm run bench:places
// Env: BENCH_PLACES (default 186100), BENCH_QUERIES (default 2000), BENCH_SEED (default 1),
//      BENCH_ROUNDS (HTTP rounds, default 200), BENCH_HTTP=0 (in process only),
//      BENCH_BUILD_DIR (a folder holding a copy of .output, default the project's),
//      BENCH_NODE_OPTIONS (the server's, default --max-old-space-size=1024 as the README deploys it; '' for Node's own)
import { spawnSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { kindGroups, placeColumns, placeFilter, type SearchMatches } from '../server/spatial/place-filter'
import { buildSearchIndex, eachMatch } from '../server/search/place-search'
import { buildPlaceIndex, nearest, reindex, viewport, type Box } from '../server/spatial/place-index'
import { districtName } from '../server/regions/region'
import { parseAmenity, splitList } from '../server/spreadsheet/words'
import { openDatabase } from '../server/database/connection'
import { createStores } from '../server/database/stores'
import { createStaffAccount } from '../server/utils/staff/accounts'
import { cityCode } from '../server/utils/stations/city'
import { placesAlike } from '../server/utils/stations/place-index'
import { nameInitials } from '../server/utils/stations/initials'
import { computeSchedule } from '../server/utils/stations/schedule'
import type { Place, Schedule } from '../shared/types/place'
import { EMPTY_FILTERS, type FilterState } from '../shared/utils/filters'
import type { Amenity, Kind } from '../shared/utils/vocabulary'
import { synthLines } from './lib/place-synth'
import { kb, startBuiltServer } from './lib/serve.mjs'

const root = resolve(import.meta.dirname, '..')
const COUNT = Number(process.env.BENCH_PLACES ?? 186_100)
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2000)
const SEED = Number(process.env.BENCH_SEED ?? 1)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const COUNTRY: Box = { west: 73, south: 18, east: 135, north: 54 }
const BUILD = resolve(process.env.BENCH_BUILD_DIR ?? root)
// As deployed (README, Deploying): with no heap size V8 lets the old generation grow to up to 4× what
// the last full GC kept before it collects again; with 1 GB, to 1.6× at most.
const SERVER_NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=1024'

let seed = SEED
/** mulberry32: the same queries on every run. */
function random(): number {
  seed = (seed + 0x6D2B79F5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!
function time(work: () => unknown): number {
  const start = process.hrtime.bigint()
  work()
  return Number(process.hrtime.bigint() - start) / 1e6
}
const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`

// The synthetic list as the importer gets it, and its places as the index sees them.
const csv = [...synthLines({ count: COUNT, seed: SEED })].join('')
const KIND_OF: Record<string, Kind> = { 爱心驿站: 'rest-station', 妈咪小屋: 'nursing-room', 心理咨询室: 'counselling', 法律援助: 'legal-aid', 就业服务: 'jobs', 体育场馆: 'sports' }
// Whole places, as the server serves them: the filters read kind, district, amenities, schedule and the search words.
const NOW = new Date()
const schedules = new Map<string, Schedule>()
const scheduleOf = (hours: string) => schedules.get(hours) ?? schedules.set(hours, computeSchedule(hours, NOW)).get(hours)!
const places = csv.split('\r\n').slice(1, -1).map((line, n): Place => {
  const cells = line.split(',')
  const [name, kind, district, address, lat, lng, , hours, amenities, operator] = cells as [string, string, string, string, string, string, string, string, string, string]
  return {
    name, kind: KIND_OF[kind] ?? 'rest-station', district, address, location: { lat: Number(lat), lng: Number(lng), precision: 'exact' },
    amenities: splitList(amenities).map(parseAmenity).filter((key): key is Amenity => !!key), hours, operator, audience: ['outdoor-workers'],
    status: 'open', sample: true, source: { name: 'npm run data:synth' }, id: `p${n}`, districtName: districtName(district), initials: nameInitials(name), schedule: scheduleOf(hours),
  }
})
type Synthetic = typeof places[number]
const near = () => places[Math.floor(random() * places.length)]!.location
const around = (point: { lat: number, lng: number }, spanLat: number, spanLng: number): Box => ({ south: point.lat - spanLat / 2, north: point.lat + spanLat / 2, west: point.lng - spanLng / 2, east: point.lng + spanLng / 2 })
// A phone at city zoom (12) shows about 0.25° × 0.2°; at zoom 10 four times that.
const cityBox = () => around(near(), 0.2, 0.25)

const rows: Array<[string, string, string, string]> = []
const row = (measure: string, value: string, other: string, budget: string) => rows.push([measure, value, other, budget])

// 1. In process.
const rssBefore = process.memoryUsage().rss
let index = buildPlaceIndex(places)
let columns = placeColumns(places, index.order)
// As the server builds it: the cell order, the KD-tree and the filters' columns.
const build = () => time(() => (index = buildPlaceIndex(places), columns = placeColumns(places, index.order)))
const builds = [build(), build(), build()]
row('index build (in process)', ms(median(builds), 0), `${ms(Math.max(...builds), 0)} (max of 3)`, '≤ 2 s')
// A confirmation counted: one place a new object, the index made again from the last one (the server's way).
const confirmedOnce = places.map((place, i) => (i === 12_345 ? { ...place, lastConfirmed: NOW.toISOString(), recentConfirmers: 1 } : place))
const reindexes = [0, 1, 2].map(() => time(() => reindex(index, places, confirmedOnce, placesAlike)))
row('… after a confirmation, made again from the last one', ms(median(reindexes), 1), `${ms(Math.max(...reindexes), 1)} (max of 3)`, '')
const rest = (place: Synthetic) => place.kind === 'rest-station'
const run = (name: string, budget: string, query: () => unknown, count = QUERIES) => {
  for (let i = 0; i < 20; i++) query() // warm up
  const times = Array.from({ length: count }, () => time(query))
  row(name, ms(median(times), 3), `p95 ${ms(p95(times), 3)}`, budget)
}
run('nearest 20 (in process)', '≤ 1 ms', () => {
  const point = near()
  nearest(index, { lat: point.lat + gauss() * 0.05, lng: point.lng + gauss() * 0.05 }, 20)
})
run('nearest 20, rest stations only', '≤ 1 ms', () => nearest(index, near(), 20, rest))
run('viewport, city zoom 12', '≤ 5 ms', () => viewport(index, cityBox(), 12))
run('viewport, zoom 10', '≤ 5 ms', () => viewport(index, around(near(), 0.8, 1), 10))
build()
const firstCountry = time(() => viewport(index, COUNTRY, 4))
run('viewport, whole country zoom 4, from cells', '≤ 5 ms', () => viewport(index, COUNTRY, 4), 500)
row('… the first such view after a rebuild (sums the cells)', ms(firstCountry, 1), '', '')
run('viewport, province zoom 7, from cells', '≤ 5 ms', () => viewport(index, around(near(), 6, 8), 7), 500)
const byKind = kindGroups(columns, ['rest-station'])
const firstKind = time(() => viewport(index, COUNTRY, 4, undefined, 16, byKind))
run('viewport, whole country zoom 4, rest stations only, from the kind\'s cells', '≤ 5 ms', () => viewport(index, COUNTRY, 4, undefined, 16, byKind), 500)
row('… the first such view after a rebuild (sums the kind\'s cells)', ms(firstKind, 1), '', '')
// Far-out views with filters the kinds' cells cannot answer (issue 10), as GET /api/places asks them:
// through the index's columns (78–140 ms place by place before). Up to zoom 6 a filter's first view
// asks every place and keeps the cells it summed; the next views (a person panning) read them.
// Searches are found through the search index, as the server finds them.
// As the server builds it after the places changed (a confirmation keeps the last one's); the first
// build is the first search's, before the code is compiled.
const searchBuilds: number[] = []
const buildSearch = () => {
  const start = process.hrtime.bigint()
  const built = buildSearchIndex(places)
  searchBuilds.push(Number(process.hrtime.bigint() - start) / 1e6)
  return built
}
buildSearch()
buildSearch()
const searchIndex = buildSearch()
// The words that many places hold kept exactly (server/search/frequent-words.ts).
const bitmaps = new Set(searchIndex.exact.values())
const bitmapBytes = [...bitmaps].reduce((sum, bits) => sum + bits.byteLength, 0)
const unitBytes = searchIndex.units.starts.byteLength + searchIndex.units.places.byteLength
row('search index build (in process)', ms(median(searchBuilds), 0), `first ${ms(searchBuilds[0]!, 0)}, max ${ms(Math.max(...searchBuilds), 0)} (3 builds); ${searchIndex.exact.size} words kept exactly in ${bitmaps.size} bitmaps, ${(bitmapBytes / 2 ** 20).toFixed(1)} MB; the places of each other character, ${(unitBytes / 2 ** 20).toFixed(1)} MB`, '')
const matches: SearchMatches = (words, visit) => eachMatch(searchIndex, words, i => visit(index.order[i]!))
const panned = () => around({ lat: 36 + gauss(), lng: 104 + gauss() }, 36, 62)
const filtered = (name: string, chosen: Partial<FilterState>, box = panned, zoom = 4) => {
  const filters = { ...EMPTY_FILTERS, ...chosen }
  run(`viewport, ${name}`, '≤ 5 ms', () => viewport(index, box(), zoom, placeFilter(columns, filters, NOW, matches)), 500)
}
const district = places[0]!.district
filtered('whole country zoom 4, one amenity (toilet)', { amenities: ['toilet'] })
filtered('whole country zoom 4, rest stations with water', { kinds: ['rest-station'], amenities: ['water'] })
filtered(`whole country zoom 4, one district (${district})`, { districts: [district] })
filtered('whole country zoom 4, open now', { openNow: true })
filtered('whole country zoom 4, search 加油站', { q: '加油站' })
// A name never seen before makes each view a first one: what a new filter costs.
let fresh = 0
const toilet = placeFilter(columns, { ...EMPTY_FILTERS, amenities: ['toilet'] }, NOW, matches).keep
run('… a filter\'s first view (one amenity; asks every place)', '≤ 5 ms', () => viewport(index, COUNTRY, 4, { name: `bench ${fresh++}`, keep: toilet }), 200)
filtered('province zoom 7, open now with water (asks the box\'s places)', { openNow: true, amenities: ['water'] }, () => around(near(), 6, 8), 7)
// A new search's first far-out view: the places that hold it found through the search index, as the
// server finds them (asking every place took 0.45–0.64 s), then kept for the next views.
const searched = (q: string) => time(() => viewport(index, COUNTRY, 4, placeFilter(columns, { ...EMPTY_FILTERS, q }, NOW, matches)))
// Words a tenth of the places hold (a kind of place in the synthetic names: every one is asked), and
// rarer ones (a county, a name's number, its initials).
const common = ['银行', '加油站', '医院', 'jyz', 'yhwd', '合成 公园'].map(searched)
const rarer = [places[1]!.districtName!, places[7]!.name.slice(-6), places[9]!.initials, `${places[3]!.districtName!} 驿站`].map(searched)
row('… the first whole-country view of a new search held by a tenth of the places (银行, jyz, 合成 公园…)', ms(median(common), 1), `max ${ms(Math.max(...common), 1)} (6 searches)`, '≤ 5 ms')
row('… of a new rarer search (a county, a name\'s number, its initials)', ms(median(rarer), 1), `max ${ms(Math.max(...rarer), 1)} (4 searches)`, '≤ 5 ms')
// One character, as a search typed into the box starts: its one signature bit is a third of the places'.
const single = ['蒙', '兴', places[5]!.districtName!.charAt(0), places[15]!.districtName!.charAt(1)].map(searched)
row('… of a new search of one character (蒙, 兴, a county\'s first or second)', ms(median(single), 1), `max ${ms(Math.max(...single), 1)} (4 searches)`, '≤ 5 ms')
row('process memory (RSS, in process)', `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`, `${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} MB for the points and index`, '')

// 2. Over HTTP.
interface Answer { status: number, ms: number, firstByte: number, wire: number, headers: Record<string, string | string[] | undefined> }
/** One GET, gzip accepted, its time to the first and the last byte and its size on the wire. */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, base)
  const start = process.hrtime.bigint()
  return new Promise((done, fail) => {
    request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: { 'accept-encoding': 'gzip', ...headers } }, (res) => {
      let wire = 0
      let firstByte = Number.NaN
      const since = () => Number(process.hrtime.bigint() - start) / 1e6
      res.on('data', (chunk: Buffer) => {
        if (!wire) firstByte = since()
        wire += chunk.length
      })
      res.on('error', fail)
      res.on('end', () => done({ status: res.statusCode!, ms: since(), firstByte, wire, headers: res.headers }))
    }).on('error', fail).end()
  })
}
const bbox = (box: Box) => `${box.west.toFixed(4)},${box.south.toFixed(4)},${box.east.toFixed(4)},${box.north.toFixed(4)}`
/**
 * Resident memory of a process now, and its peak since the last reading (Linux, from /proc): the peak
 * is reset after each reading, so each row's peak is its own step's, not the highest since the start.
 */
function memoryOf(pid: number): { rss: number, peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kbOf = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+) kB`))?.[1] ?? 0) * 1024
  writeFileSync(`/proc/${pid}/clear_refs`, '5')
  return { rss: kbOf('VmRSS'), peak: kbOf('VmHWM') }
}

const METRICS_TOKEN = randomBytes(16).toString('hex')

/** The seconds each station cache's rebuilds took so far, by cache (GET /metrics). */
async function rebuildSeconds(base: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()
  return new Map([...text.matchAll(/^yizhan_cache_rebuild_duration_seconds_sum\{cache="([a-z_]+)"\} ([\d.e+-]+)$/gm)].map(m => [m[1]!, Number(m[2])]))
}

/**
 * A confirmation counted (a rider's "still here"): what rebuilding the places and what is made from
 * them costs, from the server's own rebuild timings, the views, a search and a city asked again.
 */
async function confirmation(base: string) {
  const point = near()
  const asked = [`/api/places/nearest?lat=${point.lat}&lng=${point.lng}&limit=5`, `/api/places?bbox=${bbox(COUNTRY)}&zoom=4&q=${encodeURIComponent('医院')}`,
    `/api/places/search?q=${encodeURIComponent('医院')}`, `/api/places/city?near=${point.lat},${point.lng}`]
  for (const path of asked) await get(base, path)
  const station = ((await (await fetch(`${base}${asked[0]}`)).json()) as { places: Array<{ id: string }> }).places[0]!.id
  const before = await rebuildSeconds(base)
  const { token } = await (await fetch(`${base}/api/suggestions/token`)).json() as { token: string }
  const posted = await fetch(`${base}/api/suggestions`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': base }, body: JSON.stringify({ id: randomUUID(), kind: 'confirm', stationId: station, token }) })
  if (posted.status !== 201) throw new Error(`confirmation: HTTP ${posted.status} ${await posted.text()}`)
  // The server asks whether anything changed at most once a second.
  await new Promise(done => setTimeout(done, 1100))
  const first = await get(base, asked[0]!)
  for (const path of asked.slice(1)) await get(base, path)
  const after = await rebuildSeconds(base)
  const took = (cache: string) => ms(((after.get(cache) ?? 0) - (before.get(cache) ?? 0)) * 1000, 0)
  row('a confirmation counted: the confirmations read, the places, the spatial index, the search index made again', `${took('confirmations')} / ${took('places')} / ${took('place_index')} / ${took('place_search')}`, `the next view answered in ${ms(first.ms, 0)}`, '')
}

async function overHttp() {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-places-'))
  const file = join(dir, `places-${COUNT}-seed${SEED}.csv`)
  const database = join(dir, 'bench.sqlite')
  const env = { NUXT_PUBLIC_REGION: '100000', DATABASE_URL: `file:${database}`, NUXT_METRICS_TOKEN: METRICS_TOKEN, NUXT_SESSION_PASSWORD: randomBytes(24).toString('hex') }
  try {
    writeFileSync(file, csv)
    const started = performance.now()
    const imported = spawnSync(process.execPath, [join(root, 'node_modules/jiti/lib/jiti-cli.mjs'), join(root, 'scripts/data-import.ts'), file, '--to', 'database'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } })
    const seconds = (performance.now() - started) / 1000
    if (imported.status !== 0) throw new Error(`import failed:\n${imported.stdout}\n${imported.stderr}`)
    row(`import of the ${COUNT}-row CSV into SQLite (data:import --to database)`, `${seconds.toFixed(1)} s`, `${(COUNT / seconds).toFixed(0)} rows/s`, '≤ 120 s')

    // A staff account, for the workspace's downloads of every station.
    const staff = { email: 'bench-admin@example.org', password: randomBytes(12).toString('hex') }
    const accounts = openDatabase({ dialect: 'sqlite', path: database })
    await createStaffAccount(createStores(accounts.db), { ...staff, role: 'admin', district: null }, 'system')
    await accounts.close()

    const server = await startBuiltServer({ ...env, NODE_OPTIONS: SERVER_NODE_OPTIONS }, { dir: BUILD, ready: '/api/health' })
    try {
      const cold = await get(server.baseURL, `/api/places/nearest?lat=${places[0]!.location.lat}&lng=${places[0]!.location.lng}&limit=20`)
      row('first answer after start (loads the places, builds the index)', ms(cold.ms, 0), '', '')
      // A phone's search for a place in another city (it lists its own city itself): part of the
      // place's name, its initials, its county's name, from the phone's point and leaving out its city.
      const searches = () => {
        const phone = places[Math.floor(random() * places.length)]!
        const sought = places[Math.floor(random() * places.length)]!
        const from = `&notCity=${cityCode(phone)}&near=${phone.location.lat},${phone.location.lng}`
        const path = (q: string) => `/api/places/search?q=${encodeURIComponent(q)}${from}`
        // After the 合成· every synthetic name starts with.
        return { name: path(sought.name.slice(3, 7)), initials: path(sought.initials.slice(0, 4)), district: path(sought.districtName) }
      }
      const firstSearch = await get(server.baseURL, searches().name)
      row('first search after start (builds the search index)', ms(firstSearch.ms, 0), '', '')
      // Warm up: each kind of request a few times, so the rounds meet warm caches and a compiled server.
      for (let i = 0; i < 20; i++) {
        const point = near()
        await get(server.baseURL, '/api/health')
        await get(server.baseURL, `/api/places/nearest?lat=${point.lat}&lng=${point.lng}&limit=20`)
        await get(server.baseURL, `/api/places?bbox=${bbox(cityBox())}&zoom=12`)
        await get(server.baseURL, `/api/places?bbox=${bbox(COUNTRY)}&zoom=4`)
        for (const path of Object.values(searches())) await get(server.baseURL, path)
      }
      const memory = memoryOf(server.pid!)

      const times: Record<string, number[]> = { health: [], nearest: [], city: [], again: [], country: [], name: [], initials: [], district: [] }
      const citySizes: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        const point = near()
        times.health!.push((await get(server.baseURL, '/api/health')).ms)
        times.nearest!.push((await get(server.baseURL, `/api/places/nearest?lat=${(point.lat + gauss() * 0.05).toFixed(5)}&lng=${(point.lng + gauss() * 0.05).toFixed(5)}&limit=20`)).ms)
        const city = await get(server.baseURL, `/api/places?bbox=${bbox(around(point, 0.2, 0.25))}&zoom=12`)
        times.city!.push(city.ms)
        citySizes.push(city.wire)
        times.country!.push((await get(server.baseURL, `/api/places?bbox=${bbox(COUNTRY)}&zoom=4`)).ms)
        // A phone opening the app again: its city's places, asked with the ETag of the copy it keeps.
        const kept = await get(server.baseURL, `/api/places/city?near=${point.lat},${point.lng}`)
        const again = await get(server.baseURL, `/api/places/city?near=${point.lat},${point.lng}`, { 'if-none-match': String(kept.headers.etag) })
        if (again.status !== 304) throw new Error(`city again: HTTP ${again.status}`)
        times.again!.push(again.ms)
        for (const [key, path] of Object.entries(searches())) times[key]!.push((await get(server.baseURL, path)).ms)
      }
      const health = median(times.health!)
      const http = (name: string, key: string) => row(name, ms(median(times[key]!)), `p95 ${ms(p95(times[key]!))}; ${(median(times[key]!) / health).toFixed(1)}× health`, key === 'health' ? '' : '≤ 3× health')
      http(`GET /api/health (HTTP p50, ${ROUNDS} rounds)`, 'health')
      http('GET /api/places/nearest?limit=20', 'nearest')
      http('GET /api/places?bbox=<city>&zoom=12', 'city')
      http('GET /api/places?bbox=<whole country>&zoom=4', 'country')
      http('GET /api/places/city?near= again with its ETag (304)', 'again')
      http('GET /api/places/search?q=<4 characters of a name>&notCity=&near=', 'name')
      http('GET /api/places/search?q=<4 pinyin initials>&notCity=&near=', 'initials')
      http('GET /api/places/search?q=<a county\'s name>&notCity=&near=', 'district')
      row('city-zoom answer, gzip on the wire', kb(median(citySizes)), `max ${kb(Math.max(...citySizes))} of ${ROUNDS}`, '≤ 30 KB gzip')
      const page = await get(server.baseURL, '/')
      row('/ HTML, gzip on the wire', kb(page.wire), `HTTP ${page.status}`, '≤ 40 KB gzip')
      row('server memory (RSS) after warm-up', `${(memory.rss / 2 ** 20).toFixed(0)} MB`, `peak ${(memory.peak / 2 ** 20).toFixed(0)} MB`, '≤ 500 MB')
      for (const path of ['/api/stations', '/api/stations.geojson', '/api/stations.csv']) {
        const whole = await get(server.baseURL, path)
        const again = await get(server.baseURL, path, { 'if-none-match': String(whole.headers.etag) })
        row(`GET ${path} (every place, streamed)`, `${(whole.wire / 2 ** 20).toFixed(1)} MB gzip`, `${ms(whole.ms, 0)}; again with its ETag: ${again.status} in ${ms(again.ms)}`, '')
      }
      const after = memoryOf(server.pid!)
      row('server memory (RSS) after the open data', `${(after.rss / 2 ** 20).toFixed(0)} MB`, `peak ${(after.peak / 2 ** 20).toFixed(0)} MB`, '≤ 500 MB')
      // The workspace's spreadsheets of every station, written as they are sent.
      const login = await fetch(`${server.baseURL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': server.baseURL }, body: JSON.stringify(staff) })
      if (!login.ok) throw new Error(`login: HTTP ${login.status} ${await login.text()}`)
      const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
      for (const path of ['/api/admin/stations.csv', '/api/admin/stations.xlsx']) {
        const sheet = await get(server.baseURL, path, { cookie })
        if (sheet.status !== 200) throw new Error(`${path}: HTTP ${sheet.status}`)
        row(`GET ${path} (staff: every station, streamed)`, `${(sheet.wire / 2 ** 20).toFixed(1)} MB on the wire`, `${ms(sheet.ms, 0)}; first byte in ${ms(sheet.firstByte)}`, '')
        const sheets = memoryOf(server.pid!)
        row(`server memory (RSS) after the staff ${path.slice(path.lastIndexOf('.') + 1)}`, `${(sheets.rss / 2 ** 20).toFixed(0)} MB`, `peak ${(sheets.peak / 2 ** 20).toFixed(0)} MB`, '≤ 500 MB')
      }
      // Phones all over the country: each city's list once (the server keeps the JSON of the latest few).
      const cityPoints = new Map(places.map(place => [cityCode(place), place.location]))
      for (const point of cityPoints.values()) await get(server.baseURL, `/api/places/city?near=${point.lat},${point.lng}`)
      const cities = memoryOf(server.pid!)
      row(`server memory (RSS) after each city's list (${cityPoints.size} cities)`, `${(cities.rss / 2 ** 20).toFixed(0)} MB`, `peak ${(cities.peak / 2 ** 20).toFixed(0)} MB`, '≤ 500 MB')
      await confirmation(server.baseURL)
    }
    finally {
      server.stop()
    }
  }
  finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.env.BENCH_HTTP !== '0' && existsSync(join(BUILD, '.output/server/index.mjs'))) await overHttp()
else row('HTTP part', 'skipped', process.env.BENCH_HTTP === '0' ? 'BENCH_HTTP=0' : 'no build: run npm run build first', '')

const cityView = viewport(index, around(places[0]!.location, 0.2, 0.25), 12)
const answer = JSON.stringify({ total: cityView.total, clusters: cityView.clusters, places: cityView.items })
console.log(`${COUNT} synthetic places (npm run data:synth, seed ${SEED}), ${QUERIES} queries each in process, Node ${process.version}, the server's NODE_OPTIONS: ${SERVER_NODE_OPTIONS || '(none)'}\n`)
console.log('| measure | value | other | budget |')
console.log('|---|---|---|---|')
for (const [measure, value, other, budget] of rows) console.log(`| ${measure} | ${value} | ${other} | ${budget} |`)
console.log(`\n(in process, a city view around the first place: ${cityView.total} places, ${(answer.length / 1024).toFixed(1)} KB raw, ${(gzipSync(answer).length / 1024).toFixed(1)} KB gzip)`)
