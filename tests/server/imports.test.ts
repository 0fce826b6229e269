import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { AuditEntry, StationImport } from '../../shared/types/admin'
import type { Place, PlacesResponse } from '../../shared/types/place'
import { addStaff, client, login, openStores } from './staff-client'

/**
 * The union's spreadsheet through the workspace API on the shared server: download, upload, preview,
 * apply as one batch, undo. Every batch a test applies is undone, so the shared dataset ends as it began.
 */
const baseURL = inject('baseURL')
const HOME = '榆次区'
const OTHER = '灵石县'
const run = randomUUID().slice(0, 6)
let admin: ReturnType<typeof client>
let editor: ReturnType<typeof client>
let closeStores: () => Promise<void>

const HEADER = ['名称', '类型', '区县', '地址', '纬度', '经度', '坐标系', '开放时间', '设施', '运营单位']
/** A good row far from the bundled stations (they are not within 50 m of these points). */
const good = (n: number, district = HOME) => [`导入测试${run}号${n}驿站`, '爱心驿站', district, `测试路 ${n} 号`, 37.6 + n * 0.003, 112.6 + n * 0.003, 'WGS-84', '每天 8:00-20:00', '饮水、热饭', '测试工会']

async function xlsx(rows: unknown[][]): Promise<Blob> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('名单')
  for (const row of rows) sheet.addRow(row)
  return new Blob([await book.xlsx.writeBuffer()])
}

function upload(who: ReturnType<typeof client>, file: Blob, name: string, crs?: string) {
  const form = new FormData()
  form.set('file', file, name)
  if (crs) form.set('crs', crs)
  return who.post('/api/admin/imports', form)
}

async function preview(who: ReturnType<typeof client>, file: Blob, name: string, crs?: string): Promise<StationImport> {
  const answer = await upload(who, file, name, crs)
  expect(answer.status, answer.text).toBe(201)
  return answer.json
}

async function places(): Promise<Place[]> {
  return ((await (await fetch(`${baseURL}/api/stations`)).json()) as PlacesResponse).places
}

beforeAll(async () => {
  const { stores, close } = openStores(inject('databasePath'))
  closeStores = close
  const [adminAccount, editorAccount] = await Promise.all([addStaff(stores, 'admin'), addStaff(stores, 'editor', HOME)])
  admin = client(baseURL, await login(baseURL, adminAccount.email))
  editor = client(baseURL, await login(baseURL, editorAccount.email))
})

afterAll(() => closeStores?.())

describe('downloading the dataset as a spreadsheet', () => {
  it.each(['xlsx', 'csv'])('reads back with no change when nothing was edited (.%s)', async (format) => {
    const download = await fetch(`${baseURL}/api/admin/stations.${format}`, { headers: { cookie: admin.cookie } })
    expect(download.status).toBe(200)
    expect(download.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="yizhan-stations-\\d{4}-\\d{2}-\\d{2}\\.${format}"`))
    const back = await preview(admin, await download.blob(), `export.${format}`)
    expect(back.problems).toEqual([])
    expect(back.counts).toEqual({ added: 0, changed: 0, unchanged: (await places()).length, bad: 0 })
  })

  it('offers the open data as .xlsx to anyone, every station in it', async () => {
    const download = await fetch(`${baseURL}/api/stations.xlsx`)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toContain('spreadsheetml')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await download.arrayBuffer() as never)
    expect(book.worksheets[0]!.actualRowCount).toBe((await places()).length + 1)
  })

  it('gives an editor only the stations of their district', async () => {
    const text = await (await fetch(`${baseURL}/api/admin/stations.csv`, { headers: { cookie: editor.cookie } })).text()
    const rows = text.trim().split('\r\n').slice(1)
    expect(rows.length).toBe((await places()).filter(p => p.districtName === HOME).length)
    expect(rows.every(row => row.includes(`,${HOME},`))).toBe(true)
  })
})

describe('an .xlsx with 3 good and 2 bad rows', () => {
  let imported: StationImport

  beforeAll(async () => {
    const bad1 = good(4)
    bad1[4] = '北纬37度'
    const bad2 = good(5)
    bad2[8] = '按摩椅'
    imported = await preview(admin, await xlsx([HEADER, good(1), good(2), bad1, good(3), bad2]), '名单.xlsx')
  })

  it('previews the 3 new stations and names each bad row, its column and the reason, writing nothing', async () => {
    expect(imported.status).toBe('preview')
    expect(imported.encoding).toBe('xlsx')
    expect(imported.added.map(row => row.line)).toEqual([2, 3, 5])
    expect(imported.added[0]!.station).toMatchObject({ name: `导入测试${run}号1驿站`, hours: 'Mo-Su 08:00-20:00', amenities: ['water', 'hot-meals'], district: '140702' })
    expect(imported.problems).toEqual([
      expect.objectContaining({ line: 4, column: '纬度', message: '纬度「北纬37度」不是数字' }),
      expect.objectContaining({ line: 6, column: '设施', message: '未知设施「按摩椅」' }),
    ])
    expect(imported.counts).toMatchObject({ added: 3, bad: 2 })
    expect((await places()).some(p => p.name.includes(run))).toBe(false)
  })

  it('applies the 3 as one batch, each in the audit log with the batch id, and undoes them', async () => {
    const applied = await admin.post(`/api/admin/imports/${imported.id}/apply`, {})
    expect(applied.status, applied.text).toBe(200)
    expect(applied.json).toMatchObject({ status: 'applied', appliedLines: [2, 3, 5] })
    const added = (await places()).filter(p => p.name.includes(run))
    expect(added.map(p => p.name).sort()).toEqual([1, 2, 3].map(n => `导入测试${run}号${n}驿站`))
    const history: AuditEntry[] = (await admin.get(`/api/admin/stations/${added[0]!.id}/history`)).json
    expect(history).toEqual([expect.objectContaining({ action: 'import', reason: '表格导入「名单.xlsx」' })])

    expect((await admin.post(`/api/admin/imports/${imported.id}/apply`, {})).json.data.code).toBe('IMPORT_NOT_PREVIEW')

    const undone = await admin.post(`/api/admin/imports/${imported.id}/undo`)
    expect(undone.status, undone.text).toBe(200)
    expect(undone.json.status).toBe('undone')
    expect((await places()).some(p => p.name.includes(run))).toBe(false)
    expect((await admin.get(`/api/admin/stations/${added[0]!.id}`)).status).toBe(404)
  })
})

describe('changing stations by editing the downloaded file', () => {
  it('previews the edited field before and after, applies it for the public at once, and undoes it', async () => {
    const csv = await (await fetch(`${baseURL}/api/admin/stations.csv`, { headers: { cookie: admin.cookie } })).text()
    const target = (await places()).find(p => p.districtName === HOME)!
    const edited = csv.replace(`,${target.address},`, `,${target.address}（东门）,`)
    expect(edited).not.toBe(csv)
    const imported = await preview(admin, new Blob([edited]), '名单.csv')
    expect(imported.changed).toEqual([{ line: expect.any(Number), id: target.id, name: target.name, changes: [{ field: 'address', before: target.address, after: `${target.address}（东门）` }] }])
    expect(imported.counts.unchanged).toBe((await places()).length - 1)

    expect((await admin.post(`/api/admin/imports/${imported.id}/apply`, {})).status).toBe(200)
    expect((await places()).find(p => p.id === target.id)!.address).toBe(`${target.address}（东门）`)
    const undone = await admin.post(`/api/admin/imports/${imported.id}/undo`)
    expect(undone.status, undone.text).toBe(200)
    expect((await places()).find(p => p.id === target.id)!.address).toBe(target.address)
  })

  it('refuses to apply a preview when the station changed since (409 IMPORT_STALE), and to undo over a later edit', async () => {
    const target = (await places()).find(p => p.districtName === HOME && p.id !== undefined)!
    const row = (note: string) => [['编号', ...HEADER, '开放时间说明'], [target.id, target.name, '爱心驿站', target.district, target.address, target.location.lat, target.location.lng, 'WGS-84', target.hours, '饮水', target.operator, note]]
    const stale = await preview(admin, await xlsx(row(`导入 ${run}`)), 'a.xlsx')
    expect(stale.changed).toHaveLength(1)
    const edit = await admin.patch(`/api/admin/stations/${target.id}`, { amenities: ['toilet'], reason: '测试：预览后又修改' })
    expect(edit.status, edit.text).toBe(200)
    const refused = await admin.post(`/api/admin/imports/${stale.id}/apply`, {})
    expect(refused.status).toBe(409)
    expect(refused.json.data.code).toBe('IMPORT_STALE')
    expect(refused.json.message).toContain(target.name)

    const fresh = await preview(admin, await xlsx(row(`导入 ${run}`)), 'b.xlsx')
    expect((await admin.post(`/api/admin/imports/${fresh.id}/apply`, {})).status).toBe(200)
    expect((await admin.patch(`/api/admin/stations/${target.id}`, { hoursNote: '测试：导入后又修改', reason: '测试' })).status).toBe(200)
    const undo = await admin.post(`/api/admin/imports/${fresh.id}/undo`)
    expect(undo.status).toBe(409)
    expect(undo.json.data.code).toBe('IMPORT_CHANGED_SINCE')
    expect((await places()).find(p => p.id === target.id)!.hoursNote).toBe('测试：导入后又修改')
    // Put the station back as it was for the other test files.
    const restore = await admin.patch(`/api/admin/stations/${target.id}`, { amenities: target.amenities, hoursNote: target.hoursNote ?? null, reason: '测试结束，恢复' })
    expect(restore.status, restore.text).toBe(200)
  })
})

describe('what the preview asks and flags', () => {
  it('asks for the coordinate system when the file does not say it, then converts GCJ-02 to WGS-84', async () => {
    const header = HEADER.filter(h => h !== '坐标系')
    const row = good(7).filter(cell => cell !== 'WGS-84')
    const file = await xlsx([header, row])
    const asked = await upload(admin, file, 'gcj.xlsx')
    expect(asked.status).toBe(400)
    expect(asked.json.data.code).toBe('IMPORT_CRS_NEEDED')
    const converted = await preview(admin, file, 'gcj.xlsx', 'gcj02')
    const { lat, lng } = converted.added[0]!.station.location
    // GCJ-02 is 300-700 m off WGS-84 around 晋中: the stored point moved back by about that much.
    expect(Math.abs(lat - (row[4] as number)) + Math.abs(lng - (row[5] as number))).toBeGreaterThan(0.002)
    expect(converted.crs).toBe('gcj02')
  })

  it('flags a likely duplicate: the same name as a station, or within 50 m of one', async () => {
    const existing = (await places()).find(p => p.districtName === HOME)!
    const sameName = [existing.name, '爱心驿站', HOME, '别处 1 号', 37.9, 112.9, 'WGS-84', '24/7', '', '测试工会']
    const near = [`近处${run}`, '爱心驿站', HOME, '旁边', existing.location.lat + 0.0002, existing.location.lng, 'WGS-84', '24/7', '', '测试工会']
    const imported = await preview(admin, await xlsx([HEADER, sameName, near]), 'dup.xlsx')
    expect(imported.added[0]!.duplicates).toEqual([expect.objectContaining({ id: existing.id, reason: 'name', inFile: false })])
    expect(imported.added[1]!.duplicates).toEqual([expect.objectContaining({ id: existing.id, reason: 'near', distance: 22 })])
  })

  it('keeps an editor to their district: another district\'s rows are bad rows, others\' imports are not theirs', async () => {
    const imported = await preview(editor, await xlsx([HEADER, good(8), good(9, OTHER)]), 'mixed.xlsx')
    expect(imported.added.map(row => row.line)).toEqual([2])
    expect(imported.problems).toEqual([expect.objectContaining({ line: 3, field: 'district', message: expect.stringContaining(`你只能导入和修改${HOME}的站点`) })])
    const adminsImport = await preview(admin, await xlsx([HEADER, good(10)]), 'admin.xlsx')
    expect((await editor.get(`/api/admin/imports/${adminsImport.id}`)).status).toBe(404)
    expect((await editor.post(`/api/admin/imports/${adminsImport.id}/apply`, {})).status).toBe(404)
    expect((await editor.get('/api/admin/imports')).json.map((row: { id: string }) => row.id)).toContain(imported.id)
    expect((await editor.get('/api/admin/imports')).json.map((row: { id: string }) => row.id)).not.toContain(adminsImport.id)
  })

  it.each([
    ['a file over 5 MB', new Blob([new Uint8Array(5 * 1024 * 1024 + 10)]), 413, 'PAYLOAD_TOO_LARGE', /最大 5 MB/],
    ['a picture', new Blob([new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])]), 400, 'IMPORT_NO_HEADER', /找不到表头|不是表格文件/],
    ['a list without the address column', new Blob(['名称,区县,纬度,经度,开放时间,运营单位\n某驿站,榆次区,37.6,112.7,24/7,某工会\n']), 400, 'IMPORT_MISSING_COLUMNS', /缺少必需的列: 地址/],
  ])('refuses %s with a message in Chinese and keeps nothing', async (_name, file, status, code, message) => {
    const newest = async () => (await admin.get('/api/admin/imports')).json[0]?.id
    const before = await newest()
    const answer = await upload(admin, file, 'x.csv')
    expect(answer.status, answer.text).toBe(status)
    if (code !== 'IMPORT_NO_HEADER') expect(answer.json.data.code).toBe(code)
    expect(answer.json.message).toMatch(message)
    expect(await newest()).toBe(before)
  })
})
