import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { readPlaceFiles } from '../../modules/validate-places/place-files'
import { ExportError, exportDataset, readOverlay } from '../../scripts/lib/place-export'
import { migrate } from '../../server/utils/db'
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

/** A database with the app's schema and some live edits. */
function database(dir: string, edits: (db: Database.Database) => void = () => {}) {
  const file = join(dir, 'app.sqlite')
  const db = new Database(file)
  migrate(db)
  const now = '2026-11-29T08:00:00.000Z'
  db.prepare('INSERT INTO station_overrides (station_id, fields, updated_at, updated_by) VALUES (?, ?, ?, ?)')
    .run(first!.id, JSON.stringify({ status: 'temporarily-closed', statusNote: '装修', expectedReopen: '2026-12-20', phone: null }), now, 'staff-1')
  db.prepare('INSERT INTO station_additions (id, record, created_at, created_by, retired_at) VALUES (?, ?, ?, ?, ?)')
    .run('yuci-xinzeng', JSON.stringify(addition), now, 'staff-1', null)
  db.prepare('INSERT INTO station_additions (id, record, created_at, created_by, retired_at) VALUES (?, ?, ?, ?, ?)')
    .run('yuci-retired', JSON.stringify({ ...addition, name: '已撤下的驿站' }), now, 'staff-1', now)
  edits(db)
  db.close()
  return file
}

describe('readOverlay', () => {
  it('reads overrides and the additions that are not retired', () => {
    const overlay = readOverlay(database(tempDir()))!
    expect([...overlay.overrides.keys()]).toEqual([first!.id])
    expect(overlay.additions.map(a => a.id)).toEqual(['yuci-xinzeng'])
  })

  it('is empty for a database without the overlay tables, and undefined without a database', () => {
    const dir = tempDir()
    const file = join(dir, 'old.sqlite')
    new Database(file).exec('CREATE TABLE suggestions (id TEXT PRIMARY KEY)')
    expect(readOverlay(file)).toEqual({ overrides: new Map(), additions: [] })
    expect(readOverlay(join(dir, 'none.sqlite'))).toBeUndefined()
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false)
  })
})

describe('exportDataset', () => {
  it('writes the dataset as served: live edits merged, additions as new files', () => {
    const dir = tempDir()
    const out = join(dir, 'content')
    const result = exportDataset({ contentDir: content, outDir: out, overlay: readOverlay(database(dir)), rootDir: root })
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

  it('in place, rewrites only the files that change', () => {
    const dir = tempDir()
    const copy = join(dir, 'content')
    cpSync(content, copy, { recursive: true })
    const result = exportDataset({ contentDir: copy, overlay: readOverlay(database(dir)), rootDir: dir })
    expect(result.files.map(f => [f.id, f.action])).toEqual([[first!.id, 'update'], ['yuci-xinzeng', 'add']])
    expect(result.files[0]!.fields.sort()).toEqual(['expectedReopen', 'phone', 'status', 'statusNote'].filter(f => f !== 'phone' || first!.data.phone !== undefined))
    expect(result.written).toHaveLength(2)
    const again = exportDataset({ contentDir: copy, overlay: readOverlay(database(tempDir())), rootDir: dir })
    expect(again.written).toEqual([])
  })

  it('exports content as it is without a database', () => {
    const dir = tempDir()
    const copy = join(dir, 'content')
    cpSync(content, copy, { recursive: true })
    expect(exportDataset({ contentDir: copy, rootDir: dir }).written).toEqual([])
  })

  it('writes nothing when a live edit does not make a valid station', () => {
    const dir = tempDir()
    const file = database(dir, db => db.prepare('UPDATE station_overrides SET fields = ?').run(JSON.stringify({ hours: 'sometimes' })))
    const out = join(dir, 'out')
    expect(() => exportDataset({ contentDir: content, outDir: out, overlay: readOverlay(file), rootDir: root })).toThrow(ExportError)
    expect(() => exportDataset({ contentDir: content, outDir: out, overlay: readOverlay(file), rootDir: root })).toThrow(/hours: 营业时间不是有效的 opening_hours 语法/)
    expect(existsSync(out)).toBe(false)
  })

  it('does not write on a dry run', () => {
    const dir = tempDir()
    const out = join(dir, 'out')
    const result = exportDataset({ contentDir: content, outDir: out, overlay: readOverlay(database(dir)), dryRun: true, rootDir: root })
    expect(result.files.length).toBe(bundled.length + 1)
    expect(existsSync(out)).toBe(false)
  })
})
