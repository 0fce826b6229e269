import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { readPlaceFiles } from '../../modules/validate-places/place-files'
import { ExportError, exportDataset, readOverlay } from '../../scripts/lib/place-export'
import { migrateToLatest, openDatabase, type DatabaseTarget } from '../../server/database/connection'
import { createStores } from '../../server/database/stores'
import type { StationInput } from '../../shared/schemas/station'

const root = resolve(import.meta.dirname, '../..')
const content = resolve(root, 'content')
const bundled = readPlaceFiles(content, root).places
const [first, second] = bundled

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-export-'))
  dirs.push(dir)
  return dir
}

const addition: StationInput = {
  name: '榆次区新增爱心驿站',
  kind: 'rest-station',
  district: '榆次区',
  address: '榆次区某街 1 号',
  location: { lat: 37.7, lng: 112.76, precision: 'exact' },
  amenities: ['water'],
  hours: '24/7',
  operator: '榆次区总工会',
  audience: ['outdoor-workers'],
  sample: false,
  source: { name: '群众推荐，工作人员核实' },
}

/** A database with the app's schema and some live edits, made through the app's stores. */
async function database(dir: string, fields: Record<string, unknown> = { status: 'temporarily-closed', statusNote: '装修', expectedReopen: '2026-12-20', phone: null }): Promise<DatabaseTarget> {
  const target: DatabaseTarget = { dialect: 'sqlite', path: join(dir, 'app.sqlite') }
  const opened = openDatabase(target)
  await migrateToLatest(opened)
  const stores = createStores(opened.db)
  const now = new Date('2026-11-29T08:00:00.000Z')
  await stores.overrides.put(first!.id, fields, 'staff-1', now)
  await stores.additions.add('yuci-xinzeng', addition, 'staff-1', now)
  await stores.additions.add('yuci-retired', { ...addition, name: '已撤下的驿站' }, 'staff-1', now)
  await stores.additions.retire('yuci-retired', now)
  await opened.close()
  return target
}

describe('readOverlay', () => {
  it('reads overrides and the additions that are not retired', async () => {
    const overlay = (await readOverlay(await database(tempDir())))!
    expect([...overlay.overrides.keys()]).toEqual([first!.id])
    expect(overlay.additions.map(a => a.id)).toEqual(['yuci-xinzeng'])
  })

  it('reads a database of the released schema after bringing it up to date, and is undefined without a database', async () => {
    const dir = tempDir()
    const file = join(dir, 'v2.sqlite')
    const raw = new Database(file)
    raw.exec(readFileSync(resolve(root, 'tests/fixtures/databases/sqlite-v2.sql'), 'utf8'))
    raw.close()
    const overlay = (await readOverlay({ dialect: 'sqlite', path: file }))!
    expect([...overlay.overrides.keys()]).toEqual(['jiexiu-beiguan'])
    expect(overlay.additions.map(a => a.id)).toEqual(['gudingceshiyizhan'])
    expect(await readOverlay({ dialect: 'sqlite', path: join(dir, 'none.sqlite') })).toBeUndefined()
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false)
  })
})

describe('exportDataset', () => {
  it('writes the dataset as served: live edits merged, additions as new files', async () => {
    const dir = tempDir()
    const out = join(dir, 'content')
    const result = exportDataset({ contentDir: content, outDir: out, overlay: await readOverlay(await database(dir)), rootDir: root })
    expect(result.count).toBe(bundled.length + 1)
    const { places, errors } = readPlaceFiles(out, dir)
    expect(errors).toEqual([])
    expect(places).toHaveLength(bundled.length + 1)
    const edited = places.find(p => p.id === first!.id)!.data
    expect(edited).toMatchObject({ status: 'temporarily-closed', statusNote: '装修', expectedReopen: '2026-12-20', name: first!.data.name })
    expect(edited.phone).toBeUndefined()
    expect(places.find(p => p.id === 'yuci-xinzeng')).toMatchObject({ file: 'content/stations/yuci-xinzeng.yml', data: { name: addition.name } })
    expect(places.find(p => p.id === 'yuci-retired')).toBeUndefined()
    expect(places.find(p => p.id === second!.id)!.data).toEqual(second!.data)
    expect(readFileSync(join(out, 'stations/yuci-xinzeng.yml'), 'utf8')).toContain('source:\n  name: \'群众推荐，工作人员核实\'')
  })

  it('in place, rewrites only the files that change', async () => {
    const dir = tempDir()
    const copy = join(dir, 'content')
    cpSync(content, copy, { recursive: true })
    const result = exportDataset({ contentDir: copy, overlay: await readOverlay(await database(dir)), rootDir: dir })
    expect(result.files.map(f => [f.id, f.action])).toEqual([[first!.id, 'update'], ['yuci-xinzeng', 'add']])
    expect(result.files[0]!.fields.sort()).toEqual(['expectedReopen', 'phone', 'status', 'statusNote'].filter(f => f !== 'phone' || first!.data.phone !== undefined))
    expect(result.written).toHaveLength(2)
    const again = exportDataset({ contentDir: copy, overlay: await readOverlay(await database(tempDir())), rootDir: dir })
    expect(again.written).toEqual([])
  })

  it('removes the file of a content record staff retired, and leaves it out of a copy', async () => {
    const dir = tempDir()
    const copy = join(dir, 'content')
    cpSync(content, copy, { recursive: true })
    const target = await database(dir)
    const opened = openDatabase(target)
    const gone = second!
    await createStores(opened.db).retirements.retire(gone.id, 'staff-1')
    await opened.close()
    const overlay = await readOverlay(target)
    expect([...overlay!.retired!]).toEqual([gone.id])

    const out = join(tempDir(), 'out')
    const copied = exportDataset({ contentDir: content, outDir: out, overlay, rootDir: root })
    expect(copied.files.map(f => f.id)).not.toContain(gone.id)
    expect(copied.count).toBe(bundled.length)

    const path = join(copy, gone.file.split(/[\\/]/).slice(-2).join('/'))
    expect(existsSync(path)).toBe(true)
    const result = exportDataset({ contentDir: copy, overlay, rootDir: dir })
    expect(result.files.find(f => f.id === gone.id)).toMatchObject({ action: 'remove', path })
    expect(existsSync(path)).toBe(false)
    expect(result.count).toBe(bundled.length)
  })

  it('exports content as it is without a database', () => {
    const dir = tempDir()
    const copy = join(dir, 'content')
    cpSync(content, copy, { recursive: true })
    expect(exportDataset({ contentDir: copy, rootDir: dir }).written).toEqual([])
  })

  it('writes nothing when a live edit does not make a valid station', async () => {
    const dir = tempDir()
    const overlay = await readOverlay(await database(dir, { hours: 'sometimes' }))
    const out = join(dir, 'out')
    expect(() => exportDataset({ contentDir: content, outDir: out, overlay, rootDir: root })).toThrow(ExportError)
    expect(() => exportDataset({ contentDir: content, outDir: out, overlay, rootDir: root })).toThrow(/hours: 营业时间不是有效的 opening_hours 语法/)
    expect(existsSync(out)).toBe(false)
  })

  it('does not write on a dry run', async () => {
    const dir = tempDir()
    const out = join(dir, 'out')
    const result = exportDataset({ contentDir: content, outDir: out, overlay: await readOverlay(await database(dir)), dryRun: true, rootDir: root })
    expect(result.files.length).toBe(bundled.length + 1)
    expect(existsSync(out)).toBe(false)
  })
})
