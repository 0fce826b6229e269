// The spatial index on the national scale (issue 10): 186,100 synthetic places (BENCH_PLACES), spread
// around 330 made-up city centres over China's territory, never shipped as data. Reports the index
// build, nearest-20 and viewport queries in process (median and p95 over many random queries), the
// JSON size of a city-zoom answer, and the process's memory, each beside the budget.
// Usage: npm run bench:places    Env: BENCH_PLACES (default 186100), BENCH_QUERIES (default 2000), BENCH_SEED
import { gzipSync } from 'node:zlib'
import { buildPlaceIndex, nearest, viewport, type Box } from '../server/spatial/place-index'

const COUNT = Number(process.env.BENCH_PLACES ?? 186_100)
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2000)
let seed = Number(process.env.BENCH_SEED ?? 1)
/** mulberry32: the same synthetic dataset on every run. */
function random(): number {
  seed = (seed + 0x6D2B79F5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())

const KINDS = ['rest-station', 'rest-station', 'rest-station', 'nursing-room', 'counselling', 'sports', 'legal-aid', 'jobs'] as const
const cities = Array.from({ length: 330 }, () => ({ lat: 22 + random() * 24, lng: 100 + random() * 23 }))
const places = Array.from({ length: COUNT }, (_, n) => {
  const city = cities[Math.floor(random() ** 1.6 * cities.length)]!
  return {
    id: `synthetic-${n}`,
    name: `合成站点 ${n}`,
    kind: KINDS[n % KINDS.length]!,
    location: { lat: city.lat + gauss() * 0.08, lng: city.lng + gauss() * 0.1 },
  }
})

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!
function time(work: () => unknown): number {
  const start = process.hrtime.bigint()
  work()
  return Number(process.hrtime.bigint() - start) / 1e6
}

const rssBefore = process.memoryUsage().rss
let index = buildPlaceIndex(places)
const builds = [time(() => (index = buildPlaceIndex(places))), time(() => (index = buildPlaceIndex(places))), time(() => (index = buildPlaceIndex(places)))]
const near = () => cities[Math.floor(random() * cities.length)]!
const around = (point: { lat: number, lng: number }, spanLat: number, spanLng: number): Box => ({ south: point.lat - spanLat / 2, north: point.lat + spanLat / 2, west: point.lng - spanLng / 2, east: point.lng + spanLng / 2 })
const rest = (place: typeof places[number]) => place.kind === 'rest-station'

const results: Array<[string, number[], string]> = []
const run = (name: string, budget: string, query: () => unknown) => {
  for (let i = 0; i < 50; i++) query() // warm up
  results.push([name, Array.from({ length: QUERIES }, () => time(query)), budget])
}
run('nearest 20', '≤ 1 ms', () => {
  const city = near()
  nearest(index, { lat: city.lat + gauss() * 0.05, lng: city.lng + gauss() * 0.05 }, 20)
})
run('nearest 20, rest stations only', '≤ 1 ms', () => nearest(index, near(), 20, rest))
// A phone at city zoom (12) shows about 0.25° × 0.2°; at zoom 10 four times that.
run('viewport, city zoom 12', '≤ 5 ms', () => viewport(index, around(near(), 0.2, 0.25), 12))
run('viewport, zoom 10', '≤ 5 ms', () => viewport(index, around(near(), 0.8, 1), 10))
run('viewport, whole country zoom 4', '(no budget)', () => viewport(index, { west: 73, south: 18, east: 135, north: 54 }, 4))

const cityView = viewport(index, around(cities[0]!, 0.2, 0.25), 12)
const answer = JSON.stringify({
  total: cityView.total,
  clusters: cityView.clusters,
  places: cityView.items.map(p => ({ id: p.id, name: p.name, kind: p.kind, status: 'open', sample: false, location: p.location })),
})
const rss = process.memoryUsage().rss

console.log(`${COUNT} synthetic places (seed ${process.env.BENCH_SEED ?? 1}), ${QUERIES} queries each, Node ${process.version}\n`)
console.log('| measure | median | p95 | budget |')
console.log('|---|---|---|---|')
console.log(`| index build | ${median(builds).toFixed(0)} ms | ${Math.max(...builds).toFixed(0)} ms (max of 3) | ≤ 2 s |`)
for (const [name, times, budget] of results) console.log(`| ${name} | ${median(times).toFixed(3)} ms | ${p95(times).toFixed(3)} ms | ${budget} |`)
console.log(`| city-zoom answer (${cityView.total} places: ${cityView.clusters.length} clusters, ${cityView.items.length} single) | ${(answer.length / 1024).toFixed(1)} KB raw | ${(gzipSync(answer).length / 1024).toFixed(1)} KB gzip | ≤ 30 KB gzip |`)
console.log(`| process memory (RSS) | ${(rss / 2 ** 20).toFixed(0)} MB | (${((rss - rssBefore) / 2 ** 20).toFixed(0)} MB for the places and index) | ≤ 500 MB |`)
