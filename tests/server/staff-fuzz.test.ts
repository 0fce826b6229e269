import { randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { addStaff, call, login, openStores } from './staff-client'

/**
 * Every staff and sign-in route, signed in as an admin, fed junk: random JSON, wrong types, huge
 * strings, deep nesting, unknown keys, odd query strings and ids. Never a 5xx, always a JSON error
 * with a `data.code`, and nothing written (the tables staff change keep their rows). The routes are
 * listed from disk, so a new one is fuzzed too. Reproduce a failure with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202)
const RUNS = Number(process.env.STAFF_FUZZ_RUNS ?? 25)
const baseURL = inject('baseURL')
const root = resolve(import.meta.dirname, '../..')

const routes = ['admin', 'auth'].flatMap(folder => readdirSync(resolve(root, 'server/api', folder), { recursive: true, encoding: 'utf8' })
  .filter(file => file.endsWith('.ts'))
  .map(file => ({ folder, file: file.split('\\').join('/') })))
  // Signing out is a write by design (the session row is revoked): fuzzed below with a session of its own.
  .filter(route => route.file !== 'logout.post.ts')

const ids: Record<string, string[]> = { stations: [], suggestions: [], staff: [], imports: [] }
let cookie: string
let db: Database.Database
let closeStores: () => Promise<void>

/** The rows of every table a staff route may write. */
function snapshot() {
  const tables = ['station_overrides', 'station_additions', 'station_retirements', 'audit_log', 'staff', 'station_imports']
  const counts = Object.fromEntries(tables.map(table => [table, (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]))
  const reviewed = (db.prepare('SELECT count(*) AS n FROM suggestions WHERE status != \'pending\'').get() as { n: number }).n
  const disabled = (db.prepare('SELECT count(*) AS n FROM staff WHERE disabled_at IS NOT NULL').get() as { n: number }).n
  const imports = db.prepare('SELECT status, count(*) AS n FROM station_imports GROUP BY status').all()
  return { ...counts, reviewed, disabled, imports }
}

beforeAll(async () => {
  const { stores, close } = openStores(inject('databasePath'))
  closeStores = close
  db = new Database(inject('databasePath'), { readonly: true, fileMustExist: true })
  const admin = await addStaff(stores, 'admin')
  cookie = await login(baseURL, admin.email)
  ids.stations = ((await (await fetch(`${baseURL}/api/stations`)).json()) as PlacesResponse).places.map(p => p.id)
  const suggestion = randomUUID()
  await call(baseURL, 'POST', '/api/suggestions', { body: { kind: 'confirm', id: suggestion, stationId: ids.stations[0] } })
  ids.suggestions = [suggestion]
  ids.staff = [admin.id, (await addStaff(stores, 'editor', '榆次区')).id]
  const importId = randomUUID()
  const plan = { encoding: 'UTF-8', crs: null, ignoredColumns: [], added: [], changed: [], unchanged: [], problems: [] }
  await stores.imports.create({ id: importId, fileName: 'empty.csv', plan, summary: { added: 0, changed: 0, unchanged: 0, bad: 0 }, by: admin.id })
  ids.imports = [importId]
})

afterAll(async () => {
  db?.close()
  await closeStores?.()
})

const FIELDS = [
  'name', 'kind', 'district', 'address', 'location', 'hours', 'amenities', 'phone', 'operator', 'audience', 'status', 'sample', 'source',
  'reason', 'action', 'duplicateOf', 'station', 'applyStatus', 'email', 'password', 'role', 'disabled', 'resetPassword', 'lines', 'id', 'edit',
]
const hugeText = fc.tuple(fc.constantFrom('x', '长', '🚲', '\\', '<'), fc.integer({ min: 1000, max: 40_000 })).map(([unit, n]) => unit.repeat(n))
const deepValue = fc.integer({ min: 10, max: 2000 }).map((depth) => {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value]
  return value
})
/** A value no field accepts: the wrong shape, far too long, or nested. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  hugeText, deepValue, fc.constant({}), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 }),
  fc.constantFrom(-1, 1e308, -0, 2 ** 53 + 1, 'NaN', '<script>alert(1)</script>', '\u0000', ''),
)
const body: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  // Known keys with junk, always with one key no schema has (every staff schema is strict).
  fc.dictionary(fc.constantFrom(...FIELDS), junk, { maxKeys: 4 }).map(fields => ({ ...fields, 'x-unknown': 1 })),
  hugeText.map(text => ({ reason: text, name: text })),
)
const query = fc.dictionary(
  fc.constantFrom('q', 'district', 'kind', 'status', 'page', 'sort', 'retired', 'unverifiedDays', 'stationId', 'pageSize'),
  fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('-1', '1e9', '0', '../', '%00', '榆次区', 'open', '[]')),
  { maxKeys: 4 },
)

/** A route's path with its [id] filled: a real id of its kind, or junk. */
function path(folder: string, file: string, id: string, search: Record<string, string>): string {
  const route = file.replace(/\.(get|post|patch|put|delete)\.ts$/, '').replace(/(^|\/)index$/, '')
  const filled = route.replace('[id]', encodeURIComponent(id))
  const qs = new URLSearchParams(search).toString()
  return `/api/${folder}/${filled}${qs ? `?${qs}` : ''}`
}

describe('staff and sign-in routes fed junk, signed in as an admin', () => {
  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20)
  })

  describe.each(routes)('$folder/$file', ({ folder, file }) => {
    const method = /\.(get|post|patch|put|delete)\.ts$/.exec(file)![1]!.toUpperCase()
    const kind = file.split('/')[0]!.replace(/\..*$/, '')

    it('never answers 5xx, always a JSON error with a code, and writes nothing', async () => {
      const before = snapshot()
      const realId = fc.constantFrom(...(ids[kind]?.length ? ids[kind]! : ['x']))
      const id = fc.oneof({ weight: 3, arbitrary: realId }, { weight: 1, arbitrary: fc.string({ maxLength: 80 }) })
      await fc.assert(fc.asyncProperty(body, query, id, async (sent, search, target) => {
        const answer = await call(baseURL, method, path(folder, file, target, search), { cookie, body: method === 'GET' ? undefined : sent })
        expect(answer.status, `${method} ${file} → ${answer.text.slice(0, 300)}`).toBeLessThan(500)
        if (answer.status >= 400) expect(answer.json?.data?.code, answer.text.slice(0, 300)).toEqual(expect.any(String))
      }), { seed: SEED, numRuns: RUNS })
      expect(snapshot()).toEqual(before)
    })
  })

  it('signing out fed junk never answers 5xx', async () => {
    const { stores, close } = openStores(inject('databasePath'))
    const own = await login(baseURL, (await addStaff(stores, 'editor')).email)
    await close()
    await fc.assert(fc.asyncProperty(body, async (sent) => {
      const answer = await call(baseURL, 'POST', '/api/auth/logout', { cookie: own, body: sent })
      expect(answer.status).toBeLessThan(500)
    }), { seed: SEED, numRuns: RUNS })
  })
})
