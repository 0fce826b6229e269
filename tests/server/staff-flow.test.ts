import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Stores } from '../../server/database/stores'
import type { AdminStation, AttentionList, AuditEntry, ReviewOutcome, ReviewQueuePage, StaffMember } from '../../shared/types/admin'
import type { Place, PlacesResponse } from '../../shared/types/place'
import { startServer } from '../setup/server'
import { runScript } from '../support/script'
import { addStaff, call, client, login, openStores, PASSWORD } from './staff-client'

/**
 * The staff workspace end to end, on a server of its own (these tests change stations, which the
 * other test files must not see): an admin made with the CLI signs in, closes a station, reviews
 * suggestions, and the public API shows each change at once.
 */
let baseURL: string
let databasePath: string
let dataDir: string
let child: ChildProcess | undefined
let stores: Stores
let closeStores: () => Promise<void>
let admin: ReturnType<typeof client>
let adminAccount: StaffMember
let places: Place[]

const BURST = 3
const beijingToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yizhan-flow-'))
  databasePath = join(dataDir, 'flow.sqlite')
  const started = await startServer({
    DATABASE_URL: `file:${databasePath}`,
    NUXT_SUGGESTIONS_RATE_LIMIT_MAX: '1000000',
    NUXT_SUGGESTIONS_MIN_FILL_MS: '0',
    NUXT_STAFF_BURST_PER_STATION: String(BURST),
    NUXT_STAFF_BURST_PER_CLIENT: String(BURST),
    NUXT_STAFF_PAGE_SIZE: '5',
  })
  baseURL = started.baseURL
  child = started.child
  ;({ stores, close: closeStores } = openStores(databasePath))
  places = (await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse).places
})

afterAll(async () => {
  await closeStores?.()
  child?.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const publicStation = async (id: string): Promise<Place> => (await call(baseURL, 'GET', `/api/stations/${id}`)).json
const suggest = async (body: Record<string, unknown>) => {
  const id = randomUUID()
  const answer = await call(baseURL, 'POST', '/api/suggestions', { body: { id, fillMs: 5000, ...body }, origin: null })
  expect(answer.status, answer.text).toBe(201)
  return id
}
const review = (id: string, body: unknown, as = admin) => as.patch(`/api/admin/suggestions/${id}`, body)
const stationIn = (district: string, skip: string[] = []) => places.find(p => (p.district === district || p.districtName === district) && p.kind === 'rest-station' && !skip.includes(p.id))!
const used: string[] = []
/** A station no earlier test in this file has touched. */
const freshStation = (district = '榆次区') => {
  const station = stationIn(district, used)
  used.push(station.id)
  return station
}

describe('the first admin, made with the command line', () => {
  it('is created by `npm run staff -- add` in the server database and can sign in', async () => {
    const email = `Chief-${randomUUID().slice(0, 6)}@Example.org`
    const cli = await runScript('scripts/staff.ts', ['add', email, '--role', 'admin'], { DATABASE_URL: `file:${databasePath}`, STAFF_PASSWORD: PASSWORD })
    expect(cli.code, cli.stderr).toBe(0)
    expect(cli.stdout).toContain(email.toLowerCase())
    const list = await runScript('scripts/staff.ts', ['list'], { DATABASE_URL: `file:${databasePath}` })
    expect(list.stdout).toContain(`${email.toLowerCase()}\tadmin`)
    expect(list.stdout).not.toContain('scrypt')
    admin = client(baseURL, await login(baseURL, email.toLowerCase()))
    adminAccount = (await admin.get('/api/auth/me')).json
    expect(adminAccount.role).toBe('admin')
  })
})

describe('live station edits', () => {
  it('closes a station temporarily: the public API shows it at once, and the history says who and why', async () => {
    const station = freshStation()
    expect(station.status).toBe('open')
    const answer = await admin.patch(`/api/admin/stations/${station.id}`, {
      status: 'temporarily-closed', statusNote: '内部装修', expectedReopen: '2026-12-20', reason: '街道办电话通知装修',
    })
    expect(answer.status, answer.text).toBe(200)
    expect(answer.json).toMatchObject({ id: station.id, status: 'temporarily-closed', statusNote: '内部装修', expectedReopen: '2026-12-20' })

    const now = await publicStation(station.id)
    expect(now).toMatchObject({ status: 'temporarily-closed', statusNote: '内部装修', expectedReopen: '2026-12-20', name: station.name })
    const listed = (await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse).places.find(p => p.id === station.id)!
    expect(listed.status).toBe('temporarily-closed')

    const history = (await admin.get(`/api/admin/stations/${station.id}/history`)).json as AuditEntry[]
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({
      actor: { id: adminAccount.id, email: adminAccount.email },
      entity: 'station',
      entityId: station.id,
      action: 'edit',
      reason: '街道办电话通知装修',
      before: { status: 'open', statusNote: null, expectedReopen: null },
      after: { status: 'temporarily-closed', statusNote: '内部装修', expectedReopen: '2026-12-20' },
    })
    expect(Date.now() - Date.parse(history[0]!.at)).toBeLessThan(60_000)
  })

  it('opens it again, clearing the closure note and date, and keeps both changes in the history', async () => {
    const station = used[0]!
    const answer = await admin.patch(`/api/admin/stations/${station}`, { status: 'open', reason: '装修结束' })
    expect(answer.status).toBe(200)
    const now = await publicStation(station)
    expect(now.status).toBe('open')
    expect(now.statusNote).toBeUndefined()
    expect(now.expectedReopen).toBeUndefined()
    const history = (await admin.get(`/api/admin/stations/${station}/history`)).json as AuditEntry[]
    expect(history.map(h => [h.action, h.reason])).toEqual([['edit', '街道办电话通知装修'], ['edit', '装修结束']])
  })

  it('recomputes the schedule from edited hours, and shows staff the content record beside the live one', async () => {
    const station = freshStation()
    expect((await admin.patch(`/api/admin/stations/${station.id}`, { hours: '24/7', reason: '改为全天开放' })).status).toBe(200)
    const now = await publicStation(station.id)
    expect(now.hours).toBe('24/7')
    expect(now.schedule.alwaysOpen).toBe(true)
    const view = (await admin.get(`/api/admin/stations/${station.id}`)).json as AdminStation
    expect(view.station.hours).toBe('24/7')
    expect(view.content!.hours).toBe(station.hours)
    expect(view.override).toMatchObject({ fields: { hours: '24/7' }, updatedBy: { id: adminAccount.id } })
  })

  it.each<[string, Record<string, unknown>]>([
    ['no reason', { status: 'closed' }],
    ['invalid hours', { hours: 'whenever', reason: '测试' }],
    ['a field the station schema does not have', { nickname: '新名字', reason: '测试' }],
    ['a name of one character', { name: '站', reason: '测试' }],
    ['a district outside the region', { district: '朝阳区', reason: '测试' }],
    ['no audience', { audience: [], reason: '测试' }],
    ['a javascript: source link', { source: { name: '测试来源', url: 'javascript:alert(1)' }, reason: '测试' }],
    ['a position outside 晋中', { location: { lat: 39.9, lng: 116.4 }, reason: '测试' }],
  ])('refuses an edit with %s (400) and changes nothing', async (_name, body) => {
    const station = stationIn('榆次区', used.slice(0, 0))
    const before = await publicStation(station.id)
    const answer = await admin.patch(`/api/admin/stations/${station.id}`, body)
    expect(answer.status).toBe(400)
    expect(answer.json.data.code).toBe('VALIDATION_FAILED')
    const after = await publicStation(station.id)
    expect({ ...after, schedule: undefined }).toEqual({ ...before, schedule: undefined })
  })

  it('changes every other field live too: name, kind, district, address, operator, audience, notes, sample flag and source', async () => {
    const station = freshStation()
    const edit = {
      name: '更名后的爱心驿站',
      kind: 'legal-aid',
      district: '140703', // 太谷区
      address: '太谷区新建路 8 号',
      hoursNote: '节假日照常',
      operator: '太谷区总工会',
      audience: ['outdoor-workers', 'women-workers'],
      description: '新装了空调。',
      sample: !station.sample,
      source: { name: '区总工会 2026 年名单', url: 'https://example.org/list', note: '第 3 行' },
    }
    const answer = await admin.patch(`/api/admin/stations/${station.id}`, { ...edit, reason: '按区总工会名单更正' })
    expect(answer.status, answer.text).toBe(200)
    expect(await publicStation(station.id)).toMatchObject(edit)
    const history = (await admin.get(`/api/admin/stations/${station.id}/history`)).json as AuditEntry[]
    expect(history.at(-1)).toMatchObject({ action: 'edit', reason: '按区总工会名单更正', before: { name: station.name, district: station.district }, after: edit })

    // null removes an optional field; a field left out keeps its value.
    const removed = await admin.patch(`/api/admin/stations/${station.id}`, { description: null, hoursNote: null, reason: '信息过时' })
    expect(removed.status, removed.text).toBe(200)
    const now = await publicStation(station.id)
    expect(now.description).toBeUndefined()
    expect(now.hoursNote).toBeUndefined()
    expect(now.name).toBe(edit.name)
  })

  it('answers 404 STATION_NOT_FOUND for an unknown station', async () => {
    const answer = await admin.patch('/api/admin/stations/no-such-station', { status: 'closed', reason: '测试' })
    expect(answer.status).toBe(404)
    expect(answer.json.data.code).toBe('STATION_NOT_FOUND')
  })
})

describe('adding and retiring stations from the workspace', () => {
  const newStation = {
    name: '工作台新增的爱心驿站',
    kind: 'rest-station',
    district: '榆次区',
    address: '榆次区顺城街 99 号',
    location: { lat: 37.69, lng: 112.74, precision: 'exact' },
    hours: 'Mo-Su 08:00-20:00',
    amenities: ['water', 'toilet'],
    operator: '榆次区总工会',
    audience: ['outdoor-workers'],
    sample: false,
    source: { name: '区总工会 2026 年名单' },
  }
  const publicIds = async () => ((await (await fetch(`${baseURL}/api/stations`)).json()) as PlacesResponse).places.map(p => p.id)
  const openData = async () => `${await (await fetch(`${baseURL}/api/stations.geojson`)).text()}\n${await (await fetch(`${baseURL}/api/stations.csv`)).text()}`

  it('adds a station that is on the public map at once, named from its name, with the addition in its history', async () => {
    const answer = await admin.post('/api/admin/stations', { ...newStation, reason: '区总工会新建' })
    expect(answer.status, answer.text).toBe(201)
    const id = answer.json.id as string
    expect(id).toMatch(/^[a-z0-9-]+$/)
    expect(await publicStation(id)).toMatchObject({ ...newStation, id, district: '140702', districtName: '榆次区' })
    expect(await publicIds()).toContain(id)
    expect(await openData()).toContain(newStation.name)
    const history = (await admin.get(`/api/admin/stations/${id}/history`)).json as AuditEntry[]
    expect(history).toMatchObject([{ action: 'create', reason: '区总工会新建', before: null, after: { name: newStation.name } }])
    const taken = await admin.post('/api/admin/stations', { ...newStation, id, reason: '再加一次' })
    expect(taken.status).toBe(409)
    expect(taken.json.data.code).toBe('STATION_ID_TAKEN')
  })

  it('refuses a new station with missing or bad fields, naming each in Chinese, and adds nothing', async () => {
    const before = await publicIds()
    const answer = await admin.post('/api/admin/stations', { name: '站', district: '榆次区', reason: '测试' })
    expect(answer.status).toBe(400)
    const issues = answer.json.data.issues as Array<{ path: string, message: string }>
    expect(issues.map(i => i.path)).toEqual(expect.arrayContaining(['name', 'kind', 'address', 'location', 'hours', 'operator', 'audience', 'source']))
    for (const issue of issues) expect(issue.message, issue.path).toMatch(/[\u4E00-\u9FFF]/)
    expect(await publicIds()).toEqual(before)
  })

  it('does not let an editor add a station in another district', async () => {
    const editor = await addStaff(stores, 'editor', '太谷区')
    const session = client(baseURL, await login(baseURL, editor.email))
    const answer = await session.post('/api/admin/stations', { ...newStation, reason: '测试' })
    expect(answer.status).toBe(403)
    expect(answer.json.data.code).toBe('FORBIDDEN')
  })

  it('retires a station: off the API, its page and open data, still in the workspace; restoring puts it back as it was', async () => {
    const station = freshStation()
    const retired = await admin.post(`/api/admin/stations/${station.id}/retire`, { reason: '驿站已拆除' })
    expect(retired.status, retired.text).toBe(200)
    expect(retired.json.retired).toMatchObject({ by: { id: adminAccount.id } })
    expect(await publicIds()).not.toContain(station.id)
    expect((await call(baseURL, 'GET', `/api/stations/${station.id}`)).status).toBe(404)
    expect(await openData()).not.toContain(station.name)
    expect((await call(baseURL, 'GET', `/stations/${station.id}`)).status).toBe(404)

    const view = (await admin.get(`/api/admin/stations/${station.id}`)).json as AdminStation
    expect(view.station.name).toBe(station.name)
    expect(view.retired).not.toBeNull()
    const listed = (await admin.get(`/api/admin/stations?retired=1&q=${encodeURIComponent(station.name)}`)).json
    expect(listed.items.map((s: { id: string }) => s.id)).toEqual([station.id])
    expect((await admin.get(`/api/admin/stations?q=${encodeURIComponent(station.name)}`)).json.total).toBe(0)
    expect((await admin.patch(`/api/admin/stations/${station.id}`, { phone: '0354-1234567', reason: '测试' })).status).toBe(404)
    const again = await admin.post(`/api/admin/stations/${station.id}/retire`, { reason: '再下线' })
    expect(again.status).toBe(409)
    expect(again.json.data.code).toBe('STATION_RETIRED')

    const restored = await admin.post(`/api/admin/stations/${station.id}/restore`, { reason: '搬到隔壁重新开放' })
    expect(restored.status, restored.text).toBe(200)
    expect(restored.json.retired).toBeNull()
    expect({ ...(await publicStation(station.id)), schedule: undefined, lastConfirmed: undefined }).toEqual({ ...station, schedule: undefined, lastConfirmed: undefined })
    expect((await admin.post(`/api/admin/stations/${station.id}/restore`, { reason: '再恢复' })).json.data.code).toBe('STATION_NOT_RETIRED')
    const history = (await admin.get(`/api/admin/stations/${station.id}/history`)).json as AuditEntry[]
    expect(history.map(e => [e.action, e.reason])).toEqual([['retire', '驿站已拆除'], ['restore', '搬到隔壁重新开放']])
  })

  it('needs a reason to retire or restore', async () => {
    const station = stationIn('榆次区')
    const answer = await admin.post(`/api/admin/stations/${station.id}/retire`, {})
    expect(answer.status).toBe(400)
    expect(answer.json.data.issues).toMatchObject([{ path: 'reason', message: '必填' }])
    expect(await publicIds()).toContain(station.id)
    const restore = await admin.post(`/api/admin/stations/${station.id}/restore`, { reason: '' })
    expect(restore.status).toBe(400)
    expect(restore.json.data.issues).toMatchObject([{ path: 'reason', message: '请写明原因' }])
  })
})

describe('reviewing suggestions', () => {
  it('lists suggestions newest first with the current values, the contact, and duplicates for the same station', async () => {
    const station = freshStation()
    const first = await suggest({ kind: 'correction', stationId: station.id, changes: { phone: '0354-7654321' }, contact: '13800000000' })
    const second = await suggest({ kind: 'problem', stationId: station.id, reason: 'locked' })
    const page = (await admin.get(`/api/admin/suggestions?stationId=${station.id}`)).json as ReviewQueuePage
    expect(page.items.map(i => i.id)).toEqual([second, first])
    const correction = page.items[1]!
    expect(correction).toMatchObject({
      kind: 'correction', status: 'pending', stationId: station.id, district: station.district, contact: '13800000000',
      body: { changes: { phone: '0354-7654321' } },
      current: { id: station.id, name: station.name, hours: station.hours },
    })
    expect(correction.body).not.toHaveProperty('contact')
    expect(correction.duplicates.map(d => d.id)).toEqual([second])
    expect(page.items[0]!.duplicates.map(d => d.id)).toEqual([first])
  })

  it('filters by kind and status, pages five at a time, and shows an editor only their district', async () => {
    const station = freshStation('榆次区')
    const elsewhere = stationIn('太谷区')
    const ids = []
    for (let i = 0; i < 6; i++) ids.push(await suggest({ kind: 'confirm', stationId: station.id }))
    await suggest({ kind: 'confirm', stationId: elsewhere.id })
    const first = (await admin.get(`/api/admin/suggestions?kind=confirm&status=pending&stationId=${station.id}`)).json as ReviewQueuePage
    expect(first).toMatchObject({ page: 1, pageSize: 5, total: 6 })
    expect(first.items.map(i => i.id)).toEqual(ids.slice(1).reverse())
    const second = (await admin.get(`/api/admin/suggestions?kind=confirm&status=pending&stationId=${station.id}&page=2`)).json as ReviewQueuePage
    expect(second.items.map(i => i.id)).toEqual([ids[0]])
    expect((await admin.get('/api/admin/suggestions?kind=nonsense')).status).toBe(400)

    const editor = await addStaff(stores, 'editor', '太谷区')
    const session = client(baseURL, await login(baseURL, editor.email))
    const theirs = (await session.get('/api/admin/suggestions?kind=confirm')).json as ReviewQueuePage
    expect(theirs.total).toBeGreaterThan(0)
    expect(theirs.items.every(i => i.district === '140703')).toBe(true)
    expect((await session.get(`/api/admin/suggestions?district=${encodeURIComponent('榆次区')}`)).status).toBe(403)
  })

  it('accepting a correction changes the public data, its proposed name included', async () => {
    const station = freshStation()
    const id = await suggest({ kind: 'correction', stationId: station.id, changes: { hours: 'Mo-Fr 08:00-18:00', phone: '0354-1112222', name: '更正后的名称' } })
    const answer = await review(id, { action: 'accept', reason: '电话核实' })
    expect(answer.status, answer.text).toBe(200)
    const outcome = answer.json as ReviewOutcome
    expect(outcome.suggestion).toEqual({ id, status: 'accepted' })
    expect(outcome.notApplied).toBeUndefined()
    const now = await publicStation(station.id)
    expect(now).toMatchObject({ hours: 'Mo-Fr 08:00-18:00', phone: '0354-1112222', name: '更正后的名称' })
    expect(now.schedule).not.toEqual(station.schedule)
    const history = (await admin.get(`/api/admin/stations/${station.id}/history`)).json as AuditEntry[]
    expect(history.at(-1)).toMatchObject({ action: 'accept-suggestion', suggestionId: id, reason: '电话核实', after: { hours: 'Mo-Fr 08:00-18:00', phone: '0354-1112222', name: '更正后的名称' } })
    expect(await stores.audit.forEntity('suggestion', id)).toMatchObject([{ action: 'accept', actor: adminAccount.id, before: { status: 'pending' }, after: { status: 'accepted' } }])
    const reviewed = ((await admin.get(`/api/admin/suggestions?stationId=${station.id}&status=accepted`)).json as ReviewQueuePage).items[0]!
    expect(reviewed).toMatchObject({ id, status: 'accepted', reviewedBy: { id: adminAccount.id, email: adminAccount.email }, reviewReason: '电话核实' })
  })

  it('a correction with hours the schema refuses is not applied (400) and stays pending; staff can fix the hours in `edit`', async () => {
    const station = freshStation()
    const id = await suggest({ kind: 'correction', stationId: station.id, changes: { hours: '早八点到晚六点' } })
    const refused = await review(id, { action: 'accept' })
    expect(refused.status).toBe(400)
    expect(refused.json.data.issues.map((i: { path: string }) => i.path)).toEqual(['hours'])
    expect((await stores.suggestions.get(id))!.status).toBe('pending')
    expect((await review(id, { action: 'accept', edit: { hours: 'Mo-Su 08:00-18:00' } })).status).toBe(200)
    expect((await publicStation(station.id)).hours).toBe('Mo-Su 08:00-18:00')
  })

  it('a corrected position from the public goes on the map as approximate', async () => {
    const station = freshStation()
    const id = await suggest({ kind: 'correction', stationId: station.id, changes: { location: { lat: 37.7001, lng: 112.7402 } } })
    expect((await review(id, { action: 'accept' })).status).toBe(200)
    expect((await publicStation(station.id)).location).toEqual({ lat: 37.7001, lng: 112.7402, precision: 'approximate' })
  })

  it('accepting a confirm sets the last verified date to the day it was sent', async () => {
    const station = freshStation()
    await admin.patch(`/api/admin/stations/${station.id}`, { lastVerified: '2025-01-01', reason: '测试准备' })
    const id = await suggest({ kind: 'confirm', stationId: station.id })
    expect((await review(id, { action: 'accept' })).status).toBe(200)
    expect((await publicStation(station.id)).lastVerified).toBe(beijingToday())
  })

  it('accepting a problem report marks it handled, and sets the status only when asked', async () => {
    const station = freshStation()
    const plain = await suggest({ kind: 'problem', stationId: station.id, reason: 'equipment-broken' })
    expect((await review(plain, { action: 'accept', reason: '已通知维修' })).json).toEqual({ suggestion: { id: plain, status: 'accepted' } })
    expect((await publicStation(station.id)).status).toBe('open')
    const closed = await suggest({ kind: 'problem', stationId: station.id, reason: 'closed' })
    const outcome = (await review(closed, { action: 'accept', applyStatus: 'temporarily-closed', edit: { statusNote: '暂停开放' } })).json as ReviewOutcome
    expect(outcome.station).toMatchObject({ status: 'temporarily-closed', statusNote: '暂停开放' })
    expect(await publicStation(station.id)).toMatchObject({ status: 'temporarily-closed', statusNote: '暂停开放' })
  })

  it('rejecting needs a reason; a reviewed suggestion cannot be reviewed again', async () => {
    const station = freshStation()
    const id = await suggest({ kind: 'correction', stationId: station.id, changes: { phone: '0354-0000000' } })
    const noReason = await review(id, { action: 'reject' })
    expect(noReason.status).toBe(400)
    expect(noReason.json.data.issues.map((i: { path: string }) => i.path)).toEqual(['reason'])
    expect((await stores.suggestions.get(id))!.status).toBe('pending')
    expect((await review(id, { action: 'reject', reason: '号码不实' })).json).toEqual({ suggestion: { id, status: 'rejected' } })
    expect((await publicStation(station.id)).phone).toBe(station.phone)
    const again = await review(id, { action: 'accept' })
    expect(again.status).toBe(409)
    expect(again.json.data.code).toBe('SUGGESTION_ALREADY_REVIEWED')
    expect(await stores.audit.forEntity('suggestion', id)).toMatchObject([{ action: 'reject', reason: '号码不实' }])
  })

  it('marking a duplicate needs the suggestion it repeats', async () => {
    const station = freshStation()
    const original = await suggest({ kind: 'problem', stationId: station.id, reason: 'locked' })
    const repeat = await suggest({ kind: 'problem', stationId: station.id, reason: 'locked' })
    expect((await review(repeat, { action: 'duplicate' })).status).toBe(400)
    const missing = await review(repeat, { action: 'duplicate', duplicateOf: randomUUID() })
    expect(missing.json.data.code).toBe('DUPLICATE_TARGET_INVALID')
    expect((await review(repeat, { action: 'duplicate', duplicateOf: original })).json.suggestion.status).toBe('duplicate')
    expect(await stores.suggestions.get(repeat)).toMatchObject({ status: 'duplicate', duplicateOf: original })
  })

  it('answers 404 SUGGESTION_NOT_FOUND for an unknown suggestion', async () => {
    const answer = await review(randomUUID(), { action: 'reject', reason: '不存在' })
    expect(answer.status).toBe(404)
    expect(answer.json.data.code).toBe('SUGGESTION_NOT_FOUND')
  })
})

describe('new stations from proposals', () => {
  const spot = { lat: 37.6955, lng: 112.7611 }

  it('shows nearby proposals as duplicates, then accepting one puts a new station on the public map', async () => {
    const first = await suggest({ kind: 'new-station', name: '顺城街新建爱心驿站', location: spot, address: '顺城街 99 号', hours: 'Mo-Su 08:00-20:00', amenities: ['water', 'toilet'] })
    const near = await suggest({ kind: 'new-station', name: '顺城街驿站', location: { lat: spot.lat + 0.001, lng: spot.lng } })
    const far = await suggest({ kind: 'new-station', name: '远处的驿站', location: { lat: spot.lat + 0.01, lng: spot.lng } })
    const page = (await admin.get('/api/admin/suggestions?kind=new-station&status=pending')).json as ReviewQueuePage
    const item = page.items.find(i => i.id === first)!
    expect(item.district).toBe('140702')
    expect(item.current).toBeNull()
    expect(item.duplicates.map(d => d.id)).toEqual([near])
    expect(item.duplicates[0]!.distance).toBeGreaterThan(100)
    expect(item.duplicates[0]!.distance).toBeLessThan(200)
    expect(item.duplicates.map(d => d.id)).not.toContain(far)

    const answer = await review(first, { action: 'accept', reason: '现场核实', station: { operator: '榆次区总工会', phone: '0354-2223333' } })
    expect(answer.status, answer.text).toBe(200)
    const station = (answer.json as ReviewOutcome).station!
    expect(station.id).toMatch(/^[a-z0-9-]+$/)
    const now = await publicStation(station.id)
    expect(now).toMatchObject({
      name: '顺城街新建爱心驿站', kind: 'rest-station', district: '140702', districtName: '榆次区', address: '顺城街 99 号', hours: 'Mo-Su 08:00-20:00',
      amenities: ['water', 'toilet'], operator: '榆次区总工会', phone: '0354-2223333', status: 'open', sample: false,
      location: { ...spot, precision: 'approximate' }, source: { name: '公众推荐，工作人员核实' }, lastVerified: beijingToday(),
    })
    expect(now.schedule.intervals.length).toBeGreaterThan(0)
    const history = (await admin.get(`/api/admin/stations/${station.id}/history`)).json as AuditEntry[]
    expect(history).toMatchObject([{ action: 'add', before: null, suggestionId: first, actor: { id: adminAccount.id } }])
    // The station can be edited like any other.
    expect((await admin.patch(`/api/admin/stations/${station.id}`, { status: 'temporarily-closed', reason: '试运行结束' })).status).toBe(200)
    expect((await publicStation(station.id)).status).toBe('temporarily-closed')
  })

  it('asks for what a proposal lacks (an address) and names the field', async () => {
    const id = await suggest({ kind: 'new-station', name: '没有地址的驿站', location: { lat: 37.42, lng: 112.55 }, hours: '24/7' })
    const answer = await review(id, { action: 'accept' })
    expect(answer.status).toBe(400)
    expect(answer.json.data.issues.map((i: { path: string }) => i.path)).toEqual(['station.address'])
    const done = await review(id, { action: 'accept', station: { address: '太谷区某路 1 号', id: 'taigu-test-station' } })
    expect(done.status, done.text).toBe(200)
    expect((await publicStation('taigu-test-station')).district).toBe('140703')
    const other = await suggest({ kind: 'new-station', name: '又一个驿站', location: { lat: 37.42, lng: 112.55 }, hours: '24/7', address: '太谷区某路 2 号' })
    const taken = await review(other, { action: 'accept', station: { id: 'taigu-test-station' } })
    expect(taken.status).toBe(409)
    expect(taken.json.data.code).toBe('STATION_ID_TAKEN')
  })

  it('does not let an editor add a station in another district', async () => {
    const editor = await addStaff(stores, 'editor', '榆次区')
    const session = client(baseURL, await login(baseURL, editor.email))
    const inTaigu = await suggest({ kind: 'new-station', name: '太谷的驿站', location: { lat: 37.42, lng: 112.55 }, hours: '24/7', address: '太谷区某路 3 号' })
    expect((await review(inTaigu, { action: 'accept' }, session)).status).toBe(403)
    const inYuci = await suggest({ kind: 'new-station', name: '榆次的驿站', location: spot, hours: '24/7', address: '榆次区某路 3 号' })
    const moved = await review(inYuci, { action: 'accept', station: { district: '太谷区' } }, session)
    expect(moved.status).toBe(403)
  })
})

describe('editors limited to a district', () => {
  it('edit stations of their district only', async () => {
    const editor = await addStaff(stores, 'editor', '榆次区')
    const session = client(baseURL, await login(baseURL, editor.email))
    const own = freshStation('榆次区')
    const other = stationIn('太谷区')
    expect((await session.patch(`/api/admin/stations/${own.id}`, { lastVerified: '2026-02-02', reason: '现场核实' })).status).toBe(200)
    const refused = await session.patch(`/api/admin/stations/${other.id}`, { lastVerified: '2026-02-02', reason: '现场核实' })
    expect(refused.status).toBe(403)
    expect((await publicStation(other.id)).lastVerified).toBe(other.lastVerified)
    // Nor move one of theirs out to another district.
    const moved = await session.patch(`/api/admin/stations/${own.id}`, { district: '太谷区', reason: '区划调整' })
    expect(moved.status).toBe(403)
    expect(moved.json.data.code).toBe('FORBIDDEN')
    expect((await publicStation(own.id)).district).toBe('140702')
  })

  it('see a station\'s suggestions move with it when an admin moves the station to another district', async () => {
    const station = freshStation('榆次区')
    const id = await suggest({ kind: 'problem', stationId: station.id, reason: 'locked' })
    const yuci = client(baseURL, await login(baseURL, (await addStaff(stores, 'editor', '榆次区')).email))
    const taigu = client(baseURL, await login(baseURL, (await addStaff(stores, 'editor', '太谷区')).email))
    const queue = async (session: typeof admin) => ((await session.get(`/api/admin/suggestions?stationId=${station.id}`)).json as ReviewQueuePage).items.map(i => [i.id, i.district])
    expect(await queue(yuci)).toEqual([[id, '140702']])
    expect(await queue(taigu)).toEqual([])

    expect((await admin.patch(`/api/admin/stations/${station.id}`, { district: '太谷区', reason: '区划调整' })).status).toBe(200)
    expect(await queue(taigu)).toEqual([[id, '140703']])
    expect(await queue(yuci)).toEqual([])
    expect((await review(id, { action: 'reject', reason: '不归本区' }, yuci)).status).toBe(403)
    expect((await review(id, { action: 'reject', reason: '现场核实无此问题' }, taigu)).status).toBe(200)
  })
})

describe('texts sent by the public', () => {
  it('come back to staff as the same plain JSON strings, HTML and script included', async () => {
    const station = freshStation()
    const payload = '<script>alert(1)</script><img src=x onerror="alert(2)"> &amp; \u202Eevil "quotes" 🚲'
    const id = await suggest({ kind: 'problem', stationId: station.id, reason: 'other', note: payload, contact: '<b>138</b>' })
    const answer = await admin.get(`/api/admin/suggestions?stationId=${station.id}`)
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/)
    const item = (answer.json as ReviewQueuePage).items.find(i => i.id === id)!
    expect(item.body).toMatchObject({ kind: 'problem', note: payload })
    expect(item.contact).toBe('<b>138</b>')
  })
})

describe('the attention list', () => {
  it('lists stale stations, open problem reports, and bursts per station and per client', async () => {
    const station = freshStation()
    await admin.patch(`/api/admin/stations/${station.id}`, { lastVerified: '2020-01-01', reason: '测试准备' })
    for (let i = 0; i <= BURST; i++) await suggest({ kind: 'problem', stationId: station.id, reason: 'locked' })
    const list = (await admin.get('/api/admin/attention')).json as AttentionList
    expect(list.staleDays).toBe(180)
    // Oldest first, after those never verified: on some page of the list.
    const stale = []
    for (let page = 1; page <= Math.ceil(list.stale.total / list.pageSize); page++) {
      stale.push(...((await admin.get(`/api/admin/attention?section=stale&page=${page}`)).json as AttentionList).stale.items)
    }
    expect(stale).toHaveLength(list.stale.total)
    expect(stale.find(s => s.id === station.id)).toMatchObject({ lastVerified: '2020-01-01', district: station.district })
    expect(list.problems.items.find(p => p.id === station.id)).toMatchObject({ count: BURST + 1 })
    expect(list.stationBursts.items.find(b => b.id === station.id)).toMatchObject({ count: BURST + 1 })
    // Every suggestion in this file came from 127.0.0.1: one client, shown by a hash, never the address.
    expect(list.clientBursts.total).toBe(1)
    expect(list.clientBursts.items[0]!.client).toMatch(/^[\w-]{16}$/)
    expect(JSON.stringify(list)).not.toContain('127.0.0.1')
    const raw = new Database(databasePath, { readonly: true })
    try {
      const hashes = raw.prepare('SELECT DISTINCT client_hash AS h FROM suggestions').all() as Array<{ h: string }>
      expect(hashes.map(r => r.h)).toEqual([list.clientBursts.items[0]!.client])
    }
    finally {
      raw.close()
    }
  })

  it('shows an editor only their district', async () => {
    const editor = await addStaff(stores, 'editor', '太谷区')
    const session = client(baseURL, await login(baseURL, editor.email))
    const list = (await session.get('/api/admin/attention')).json as AttentionList
    expect(list.stale.items.every(s => s.district === '140703')).toBe(true)
    expect(list.problems.items.every(p => p.district === '140703')).toBe(true)
  })

  it('pages each list on its own, with its total', async () => {
    const first = (await admin.get('/api/admin/attention')).json as AttentionList
    expect(first.pageSize).toBe(10)
    // The bundled stations have never been verified within 180 days in this test data: more than one page.
    expect(first.stale.total).toBeGreaterThan(first.pageSize)
    expect(first.stale.items).toHaveLength(first.pageSize)
    const second = (await admin.get('/api/admin/attention?section=stale&page=2')).json as AttentionList
    expect(second.stale.total).toBe(first.stale.total)
    expect(second.stale.items.length).toBe(Math.min(first.pageSize, first.stale.total - first.pageSize))
    expect(second.stale.items.map(s => s.id)).not.toContain(first.stale.items[0]!.id)
    // The other lists answer their first page.
    expect(second.problems).toEqual(first.problems)
    const bad = await admin.get('/api/admin/attention?section=everything')
    expect(bad.status).toBe(400)
    expect(bad.json.data.code).toBe('VALIDATION_FAILED')
  })
})

describe('staff management', () => {
  it('makes a password for an account added or reset without one, shows it in that answer only, and it signs in', async () => {
    const email = `onetime-${randomUUID().slice(0, 6)}@example.org`
    const created = await admin.post('/api/admin/staff', { email, role: 'editor', district: '灵石县' })
    expect(created.status, created.text).toBe(201)
    const first = created.json.oneTimePassword as string
    expect(first).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
    expect((await call(baseURL, 'POST', '/api/auth/login', { body: { email, password: first } })).status).toBe(200)
    const list = await admin.get('/api/admin/staff')
    expect(list.text).not.toContain(first)
    expect(list.text).not.toContain('oneTimePassword')

    const reset = await admin.patch(`/api/admin/staff/${created.json.id}`, { resetPassword: true })
    expect(reset.status, reset.text).toBe(200)
    const second = reset.json.oneTimePassword as string
    expect(second).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
    expect(second).not.toBe(first)
    expect((await call(baseURL, 'POST', '/api/auth/login', { body: { email, password: first } })).status).toBe(401)
    expect((await call(baseURL, 'POST', '/api/auth/login', { body: { email, password: second } })).status).toBe(200)
    expect((await admin.patch(`/api/admin/staff/${created.json.id}`, { district: '祁县' })).json.oneTimePassword).toBeUndefined()
    const both = await admin.patch(`/api/admin/staff/${created.json.id}`, { resetPassword: true, password: 'a chosen password' })
    expect(both.status).toBe(400)
    expect(both.json.data.issues[0].message).toBe('设置密码和重置密码只能选一个')
    expect((await stores.audit.forEntity('staff', created.json.id)).map(e => e.action)).toEqual(['create', 'update', 'update'])
    expect(JSON.stringify(await stores.audit.forEntity('staff', created.json.id))).not.toContain(second)
  })

  it('lets an admin create, list, change and disable accounts, never showing a hash', async () => {
    const email = `new-${randomUUID().slice(0, 6)}@example.org`
    const created = await admin.post('/api/admin/staff', { email, password: 'a fine password', role: 'editor', district: '祁县' })
    expect(created.status, created.text).toBe(201)
    expect(created.json).toMatchObject({ email, role: 'editor', district: '140727', disabledAt: null })
    expect((await admin.post('/api/admin/staff', { email, password: 'a fine password', role: 'editor' })).json.data.code).toBe('STAFF_EXISTS')
    expect((await admin.post('/api/admin/staff', { email: 'x@example.org', password: 'short', role: 'editor' })).status).toBe(400)
    const list = await admin.get('/api/admin/staff')
    expect((list.json as StaffMember[]).map(s => s.email)).toContain(email)
    expect(list.text).not.toMatch(/scrypt|hash|password/i)
    const changed = await admin.patch(`/api/admin/staff/${created.json.id}`, { district: null, role: 'editor' })
    expect(changed.json.district).toBeNull()
    expect((await admin.patch(`/api/admin/staff/${created.json.id}`, { disabled: true })).json.disabledAt).not.toBeNull()
    expect((await call(baseURL, 'POST', '/api/auth/login', { body: { email, password: 'a fine password' } })).status).toBe(401)
    expect((await admin.patch(`/api/admin/staff/${randomUUID()}`, { disabled: true })).json.data.code).toBe('STAFF_NOT_FOUND')
    expect((await stores.audit.forEntity('staff', created.json.id)).map(e => [e.action, e.actor])).toEqual([
      ['create', adminAccount.id], ['update', adminAccount.id], ['disable', adminAccount.id],
    ])
  })

  it('will not disable or demote the last active admin', async () => {
    const admins = (await admin.get('/api/admin/staff')).json as StaffMember[]
    for (const other of admins.filter(s => s.role === 'admin' && s.id !== adminAccount.id && !s.disabledAt)) {
      await admin.patch(`/api/admin/staff/${other.id}`, { disabled: true })
    }
    const answer = await admin.patch(`/api/admin/staff/${adminAccount.id}`, { role: 'editor' })
    expect(answer.status).toBe(409)
    expect(answer.json.data.code).toBe('LAST_ADMIN')
  })
})
