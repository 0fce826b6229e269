import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueTokenWith } from '../../server/utils/suggestions/token'
import type { ReviewQueuePage } from '../../shared/types/admin'
import type { Place, PlacesResponse } from '../../shared/types/place'
import { startServer, TEST_CLIENT_HASH_SECRET } from '../setup/server'
import { runScript } from '../support/script'
import { DIALECTS, freshDatabase, type Dialect, type TestDatabase } from '../support/services'
import { addStaff, call, client, login, openStores } from './staff-client'

/**
 * The restore drill (README, Operating it): a server on a fresh database, a staff account and a
 * live edit, then suggestions posted without pause while `npm run db:backup` copies the database.
 * The backup is restored into another fresh database with `npm run db:restore`, a second server
 * starts on it, and it must serve the same stations with the edit, let the account sign in, and
 * hold every suggestion the first server acknowledged before the backup started.
 */

/** Suggestions acknowledged before the backup starts (then the load keeps going through it). */
const WARM_UP = 40
const POSTERS = 4
/** Both servers: limits no loop here reaches. */
const LIMITS = { NUXT_SUGGESTIONS_RATE_LIMIT_MAX: '1000000', NUXT_STAFF_LOGIN_RATE_LIMIT_MAX: '1000000' }

type Server = Awaited<ReturnType<typeof startServer>>

function stopped(child: ChildProcess | undefined): Promise<void> {
  return new Promise((done) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return done()
    child.once('exit', () => done())
    child.kill('SIGKILL')
  })
}

const stations = async (server: Server): Promise<Place[]> => ((await call(server.baseURL, 'GET', '/api/stations')).json as PlacesResponse).places

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yizhan-drill-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Each database this run has; PostgreSQL also as on a machine without pg_dump (the app's own SQL export). */
const RUNS = DIALECTS.flatMap((dialect): Array<{ dialect: Dialect, name: string, env: Record<string, string> }> => dialect === 'sqlite'
  ? [{ dialect, name: 'SQLite', env: {} }]
  : [{ dialect, name: 'PostgreSQL with pg_dump', env: {} }, { dialect, name: 'PostgreSQL without pg_dump', env: { PG_DUMP: '/nonexistent/pg_dump' } }])

describe.each(RUNS)('the restore drill on $name', ({ dialect, env }) => {
  let source: TestDatabase | undefined
  let copy: TestDatabase | undefined
  let first: Server | undefined
  let second: Server | undefined

  afterAll(async () => {
    await Promise.all([stopped(first?.child), stopped(second?.child)])
    await source?.drop()
    await copy?.drop()
  })

  it('restores a backup taken under write load: the stations with a live edit, the staff account, every suggestion acknowledged before it', { timeout: 90_000 }, async () => {
    source = await freshDatabase(dialect)
    copy = await freshDatabase(dialect)
    first = await startServer({ DATABASE_URL: source.url, ...LIMITS })
    const { stores, close } = openStores(source.url)
    const admin = await addStaff(stores, 'admin')
    await close()
    const staff = client(first.baseURL, await login(first.baseURL, admin.email))

    const places = await stations(first)
    const [edited, reported] = places.filter(place => place.status === 'open')
    const hoursNote = `备份演练 ${randomUUID().slice(0, 8)}：午休 12:00-13:00`
    expect((await staff.patch(`/api/admin/stations/${edited!.id}`, { hoursNote, reason: '备份演练' })).status).toBe(200)
    const served = await stations(first)
    expect(served.find(place => place.id === edited!.id)!.hoursNote).toBe(hoursNote)

    // The load: posters send problem reports one after another, each from a form the server signed.
    const sent = new Set<string>()
    const acknowledged: string[] = []
    const refused: number[] = []
    let stop = false
    let warmedUp!: () => void
    const warm = new Promise<void>(done => (warmedUp = done))
    const poster = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const id = randomUUID()
        sent.add(id)
        const answer = await call(first!.baseURL, 'POST', '/api/suggestions', {
          origin: null,
          body: { kind: 'problem', id, stationId: reported!.id, reason: 'other', note: `演练 ${n}-${i}`, contact: `wx_drill_${n}_${i}`, fillMs: 5000, token: issueTokenWith(TEST_CLIENT_HASH_SECRET, Date.now() - 10_000) },
        })
        if (answer.status === 201) acknowledged.push(id)
        else refused.push(answer.status)
        if (acknowledged.length >= WARM_UP || refused.length) warmedUp()
      }
    }
    const load = Promise.all(Array.from({ length: POSTERS }, (_, n) => poster(n)))
    await warm

    const file = join(dir, `${randomUUID()}.backup`)
    // Every answer counted here arrived before the backup process was started.
    const before = [...acknowledged]
    const backup = await runScript('scripts/db-backup.ts', [file], { ...env, DATABASE_URL: source.url })
    const duringBackup = acknowledged.length - before.length
    stop = true
    await load
    expect(backup.code, backup.output).toBe(0)
    expect(refused).toEqual([])
    expect(before.length).toBeGreaterThanOrEqual(WARM_UP)
    // The app kept taking suggestions while the backup ran.
    expect(duringBackup).toBeGreaterThan(0)
    console.log(`[drill ${dialect}${env.PG_DUMP ? ' without pg_dump' : ''}] ${before.length} suggestions acknowledged before the backup, ${duringBackup} while it ran; ${backup.output.trim()}`)

    const restore = await runScript('scripts/db-restore.ts', [file], { DATABASE_URL: copy.url })
    expect(restore.code, restore.output).toBe(0)
    if (dialect === 'sqlite') {
      const restored = new Database((copy.target as { path: string }).path, { readonly: true })
      try {
        expect(restored.pragma('integrity_check', { simple: true })).toBe('ok')
      }
      finally {
        restored.close()
      }
    }

    second = await startServer({ DATABASE_URL: copy.url, ...LIMITS })
    expect(await stations(second)).toEqual(served)
    const restoredStaff = client(second.baseURL, await login(second.baseURL, admin.email))

    const restoredStores = openStores(copy.url)
    try {
      const kept = (await restoredStores.stores.suggestions.find({ stationId: reported!.id })).map(s => s.id)
      expect(kept).toEqual(expect.arrayContaining(before))
      // A consistent copy: nothing in it the first server was not sent.
      expect(kept.filter(id => !sent.has(id))).toEqual([])
      expect((await restoredStores.stores.suggestions.get(before[0]!))!.contact).toMatch(/^wx_drill_\d+_\d+$/)
    }
    finally {
      await restoredStores.close()
    }
    const queue = await restoredStaff.get(`/api/admin/suggestions?kind=problem&stationId=${reported!.id}`)
    expect(queue.status, queue.text).toBe(200)
    expect((queue.json as ReviewQueuePage).total).toBeGreaterThanOrEqual(before.length)
  })
})
