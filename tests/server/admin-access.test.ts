import { randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { addStaff, call, login, openStores, type Answer } from './staff-client'

/**
 * Every route file under server/api/admin answers 401 without a valid session and 403 to an editor
 * of another district (or to any editor, for admin-only routes). The files are listed from disk,
 * and each needs a rule below: a new route cannot be forgotten.
 */
const root = resolve(import.meta.dirname, '../..')
const ADMIN_DIR = resolve(root, 'server/api/admin')
const routeFiles = readdirSync(ADMIN_DIR, { recursive: true, encoding: 'utf8' })
  .filter(file => file.endsWith('.ts'))
  .map(file => file.split('\\').join('/'))
  .sort()

const HOME = '140702' // 榆次区
const OTHER = '140703' // 太谷区

interface Fixture { stationId: string, suggestionId: string, staffId: string, importId: string }

/**
 * How each route is reached so that the district rule applies (the resource lies in HOME).
 * `district`: 403 to an editor of another district; `admin-only`: 403 to every editor; `staff`: any
 * signed-in staff (what they get is scoped inside, tested in the route's own file); `own`: an import
 * made by the HOME editor, 404 IMPORT_NOT_FOUND to another editor. `pass`: what an allowed call answers.
 */
type Rule = { scope: 'district' | 'admin-only' | 'staff' | 'own', path: (f: Fixture) => string, body?: unknown, pass?: number[] }
const RULES: Record<string, Rule> = {
  'attention.get.ts': { scope: 'district', path: () => `/api/admin/attention?district=${encodeURIComponent(HOME)}` },
  'suggestions.get.ts': { scope: 'district', path: () => `/api/admin/suggestions?district=${encodeURIComponent(HOME)}` },
  'suggestions/[id].patch.ts': { scope: 'district', path: f => `/api/admin/suggestions/${f.suggestionId}` },
  'stations/index.get.ts': { scope: 'district', path: () => `/api/admin/stations?district=${encodeURIComponent(HOME)}` },
  // The district of a new station is in its body: the rest of it is missing (400 once allowed).
  'stations/index.post.ts': { scope: 'district', path: () => '/api/admin/stations', body: { district: HOME } },
  'stations/[id]/retire.post.ts': { scope: 'district', path: f => `/api/admin/stations/${f.stationId}/retire` },
  'stations/[id]/restore.post.ts': { scope: 'district', path: f => `/api/admin/stations/${f.stationId}/restore` },
  'stations/[id].get.ts': { scope: 'district', path: f => `/api/admin/stations/${f.stationId}` },
  'stations/[id].patch.ts': { scope: 'district', path: f => `/api/admin/stations/${f.stationId}` },
  'stations/[id]/history.get.ts': { scope: 'district', path: f => `/api/admin/stations/${f.stationId}/history` },
  'staff.get.ts': { scope: 'admin-only', path: () => '/api/admin/staff' },
  'staff.post.ts': { scope: 'admin-only', path: () => '/api/admin/staff' },
  'staff/[id].patch.ts': { scope: 'admin-only', path: f => `/api/admin/staff/${f.staffId}` },
  'stations.csv.get.ts': { scope: 'staff', path: () => '/api/admin/stations.csv' },
  'stations.xlsx.get.ts': { scope: 'staff', path: () => '/api/admin/stations.xlsx' },
  // A JSON body is not an upload: 415 once allowed.
  'imports/index.post.ts': { scope: 'staff', path: () => '/api/admin/imports', pass: [415] },
  'imports/index.get.ts': { scope: 'staff', path: () => '/api/admin/imports' },
  'imports/[id].get.ts': { scope: 'own', path: f => `/api/admin/imports/${f.importId}` },
  // The import's plan is empty: nothing to apply (400), nothing applied to undo (409).
  'imports/[id]/apply.post.ts': { scope: 'own', path: f => `/api/admin/imports/${f.importId}/apply` },
  'imports/[id]/undo.post.ts': { scope: 'own', path: f => `/api/admin/imports/${f.importId}/undo`, pass: [409] },
}

function methodOf(file: string): string {
  const match = /\.(get|post|put|patch|delete)\.ts$/.exec(file)
  if (!match) throw new Error(`${file}: name admin routes by method (x.get.ts, x.patch.ts) so this test knows how to call them`)
  return match[1]!.toUpperCase()
}

const baseURL = inject('baseURL')
const fixture = {} as Fixture
let adminCookie: string
let outsiderCookie: string
let insiderCookie: string
let closeStores: () => Promise<void>

beforeAll(async () => {
  const { stores, close } = openStores(inject('databasePath'))
  closeStores = close
  const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
  fixture.stationId = places.find(p => p.district === HOME)!.id
  fixture.suggestionId = randomUUID()
  const posted = await call(baseURL, 'POST', '/api/suggestions', { body: { kind: 'confirm', id: fixture.suggestionId, stationId: fixture.stationId } })
  expect(posted.status).toBe(201)
  const [admin, outsider, insider] = await Promise.all([addStaff(stores, 'admin'), addStaff(stores, 'editor', OTHER), addStaff(stores, 'editor', HOME)])
  fixture.staffId = insider.id
  fixture.importId = randomUUID()
  const plan = { encoding: 'UTF-8', crs: null, ignoredColumns: [], added: [], changed: [], unchanged: [], problems: [] }
  await stores.imports.create({ id: fixture.importId, fileName: 'empty.csv', plan, summary: { added: 0, changed: 0, unchanged: 0, bad: 0 }, by: insider.id })
  ;[adminCookie, outsiderCookie, insiderCookie] = await Promise.all([login(baseURL, admin.email), login(baseURL, outsider.email), login(baseURL, insider.email)])
})

afterAll(() => closeStores?.())

const send = (file: string, cookie?: string): Promise<Answer> =>
  call(baseURL, methodOf(file), RULES[file]!.path(fixture), { cookie, body: methodOf(file) === 'GET' ? undefined : RULES[file]!.body ?? {} })

describe('access to /api/admin/**', () => {
  it('finds the admin route files, and has an access rule for each', () => {
    expect(routeFiles.length).toBeGreaterThanOrEqual(13)
    expect(routeFiles.filter(file => !RULES[file])).toEqual([])
    for (const file of routeFiles) methodOf(file)
  })

  describe.each(routeFiles)('%s', (file) => {
    it('answers 401 UNAUTHENTICATED without a session, with a forged cookie, and with a broken one', async () => {
      for (const cookie of [undefined, 'yizhan-staff=forged', 'yizhan-staff=Fe26.2**0123456789abcdef*aaa*bbb*ccc*ddd*eee']) {
        const answer = await send(file, cookie)
        expect(answer.status, `${file} with ${cookie}`).toBe(401)
        expect(answer.json.data.code).toBe('UNAUTHENTICATED')
      }
    })

    const pass = RULES[file]!.pass ?? (methodOf(file) === 'GET' ? [200] : [400])

    it('keeps an editor of another district out (403 FORBIDDEN; 404 for another\'s import)', async () => {
      const answer = await send(file, outsiderCookie)
      const { scope } = RULES[file]!
      if (scope === 'staff') expect(pass, answer.text).toContain(answer.status)
      else if (scope === 'own') expect([answer.status, answer.json.data.code], answer.text).toEqual([404, 'IMPORT_NOT_FOUND'])
      else expect([answer.status, answer.json.data.code], answer.text).toEqual([403, 'FORBIDDEN'])
    })

    it('lets an admin through (a 2xx, or 400 for the empty body)', async () => {
      const answer = await send(file, adminCookie)
      expect(pass, answer.text).toContain(answer.status)
    })

    it(`lets an editor of the district through, unless the route is for admins only`, async () => {
      const answer = await send(file, insiderCookie)
      if (RULES[file]!.scope === 'admin-only') expect(answer.status).toBe(403)
      else expect(pass, answer.text).toContain(answer.status)
    })
  })
})
