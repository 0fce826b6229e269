import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkDataset, daysSince, formatReport, misplacedFiles, nearDuplicates, normaliseName, SHARED_BUILDINGS, staleDates,
} from '../../modules/validate-places/data-check'
import { readPlaceFiles, type PlaceFile } from '../../modules/validate-places/place-files'
import { StationSchema, type StationInput } from '../../shared/schemas/station'

const root = resolve(import.meta.dirname, '../..')

const base: StationInput = {
  name: '示例·顺城街爱心驿站',
  kind: 'rest-station',
  district: '榆次区',
  address: '顺城街 12 号（示例地址）',
  location: { lat: 37.69, lng: 112.75, precision: 'approximate' },
  hours: '24/7',
  operator: '榆次区总工会',
  audience: ['outdoor-workers'],
  sample: true,
  source: { name: '示例数据（虚构）' },
}

function place(id: string, patch: Partial<StationInput> = {}, folder = 'stations'): PlaceFile {
  return { id, file: `content/${folder}/${id}.yml`, data: StationSchema.parse({ ...base, ...patch }) }
}

/** A point `meters` north of base's location (1° of latitude is about 111.2 km). */
const north = (meters: number) => ({ lat: 37.69 + meters / 111_195, lng: 112.75, precision: 'approximate' as const })

describe('normaliseName', () => {
  it.each([
    ['示例·顺城街爱心驿站', '顺城街爱心驿站'],
    ['顺城街 爱心驿站', '顺城街爱心驿站'],
    ['顺城街（爱心驿站）', '顺城街爱心驿站'],
    ['Shuncheng Street', 'shunchengstreet'],
  ])('%s -> %s', (name, expected) => {
    expect(normaliseName(name)).toBe(expected)
  })
})

describe('nearDuplicates', () => {
  it.each<[string, PlaceFile, PlaceFile, 'error' | 'warning' | undefined]>([
    ['two places with the same name 10 m apart: the same place twice', place('a'), place('b', { location: north(10) }), 'error'],
    ['the same name once marked as a sample: still the same place', place('a'), place('b', { location: north(10), name: '顺城街爱心驿站', sample: false }), 'error'],
    ['different names 30 m apart: a warning to confirm', place('a'), place('b', { location: north(30), name: '示例·妈咪小屋' }), 'warning'],
    ['same operator, different names, 49 m apart: a warning', place('a'), place('b', { location: north(49), name: '示例·心理咨询室' }), 'warning'],
    ['the same name 60 m apart: not reported', place('a'), place('b', { location: north(60) }), undefined],
    ['different names 200 m apart: not reported', place('a'), place('b', { location: north(200), name: '示例·别处' }), undefined],
  ])('%s', (_name, a, b, level) => {
    const findings = nearDuplicates([a, b])
    expect(findings.map(f => f.level)).toEqual(level ? [level] : [])
    if (level) expect(findings[0]!.file).toBe(`${a.file} / ${b.file}`)
  })

  it('says when two near places share an operator', () => {
    const [finding] = nearDuplicates([place('a'), place('b', { location: north(20), name: '示例·妈咪小屋' })])
    expect(finding!.message).toContain('运营单位相同')
  })

  it('leaves out allow-listed pairs in either order', () => {
    const [a, b] = [place('one'), place('two', { location: north(5) })]
    expect(nearDuplicates([a, b], { allow: [['two', 'one']] })).toEqual([])
    expect(nearDuplicates([a, b], { allow: [] })).toHaveLength(1)
  })

  it('allow-lists only pairs of places that exist in the bundled data', () => {
    const ids = new Set(readPlaceFiles(resolve(root, 'content'), root).places.map(p => p.id))
    for (const pair of SHARED_BUILDINGS) for (const id of pair) expect(ids.has(id), id).toBe(true)
  })
})

describe('staleDates', () => {
  it.each<[string, string | undefined, number, string | undefined]>([
    ['verified yesterday', '2026-11-28', 365, undefined],
    ['verified exactly 365 days ago', '2025-11-29', 365, undefined],
    ['verified 366 days ago', '2025-11-28', 365, '366 天前'],
    ['verified 31 days ago with --stale-days 30', '2026-10-29', 30, '31 天前'],
    ['never verified (counted, not warned)', undefined, 365, undefined],
    ['verified on a future date', '2027-01-01', 365, '将来'],
  ])('%s', (_name, lastVerified, staleDays, expected) => {
    const findings = staleDates([place('a', { lastVerified })], '2026-11-29', staleDays)
    if (expected) {
      expect(findings).toHaveLength(1)
      expect(findings[0]).toMatchObject({ level: 'warning', file: 'content/stations/a.yml' })
      expect(findings[0]!.message).toContain(expected)
    }
    else {
      expect(findings).toEqual([])
    }
  })

  it('counts days between calendar dates', () => {
    expect(daysSince('2026-01-01', '2026-03-01')).toBe(59)
    expect(daysSince('2024-02-28', '2024-03-01')).toBe(2)
  })
})

describe('misplacedFiles', () => {
  it.each<[string, PlaceFile, boolean]>([
    ['a rest station in stations/', place('a'), false],
    ['a nursing room in services/', place('a', { kind: 'nursing-room' }, 'services'), false],
    ['a rest station in services/', place('a', {}, 'services'), true],
    ['a counselling room in stations/', place('a', { kind: 'counselling' }), true],
  ])('%s', (_name, file, warned) => {
    expect(misplacedFiles([file]).length).toBe(warned ? 1 : 0)
  })
})

describe('checkDataset', () => {
  it('passes the bundled dataset and counts its sample records', () => {
    const report = checkDataset(readPlaceFiles(resolve(root, 'content'), root), { today: '2026-11-29', staleDays: 365 })
    expect(report.errors).toEqual([])
    expect(report.counts.places).toBe(report.counts.samples + report.counts.real)
    expect(report.counts.restStations).toBe(36)
    expect(report.counts.samples).toBeGreaterThan(0)
    expect(formatReport(report, { staleDays: 365 })).toMatch(/结果: 通过/)
  })

  it('fails a dataset with schema errors and a duplicate id across folders', () => {
    const fixtures = resolve(root, 'tests/fixtures')
    const report = checkDataset(readPlaceFiles(resolve(fixtures, 'bad-content'), fixtures), { today: '2026-11-29', staleDays: 365 })
    expect(report.errors).toContainEqual({ level: 'error', file: 'bad-content/services/good-one.yml', message: 'id: 与 bad-content/stations/good-one.yml 重复' })
    expect(report.errors.some(e => e.message.startsWith('location.lat: 纬度不在晋中范围内'))).toBe(true)
    expect(formatReport(report, { staleDays: 365 })).toMatch(/结果: \d+ 处错误，\d+ 处警告 — 未通过/)
  })

  it('reports near-duplicates and stale dates together', () => {
    const report = checkDataset({ places: [place('a', { lastVerified: '2020-01-01' }), place('b', { location: north(5) })], errors: [] }, { today: '2026-11-29', staleDays: 365 })
    expect(report.errors.map(e => e.file)).toEqual(['content/stations/a.yml / content/stations/b.yml'])
    expect(report.warnings.map(w => w.file)).toEqual(['content/stations/a.yml'])
    expect(report.counts).toMatchObject({ places: 2, samples: 2, real: 0, unverified: 1 })
  })
})

// Each case starts the CLI (jiti compiling TypeScript): seconds on a loaded 2-core machine.
describe('npm run data:check', { timeout: 30_000 }, () => {
  const run = (...args: string[]) => spawnSync(resolve(root, 'node_modules/.bin/jiti'), [resolve(root, 'scripts/data-check.ts'), ...args], { cwd: root, encoding: 'utf8' })

  it('exits 0 on the bundled data, with warnings only', () => {
    const { status, stdout } = run('--today', '2026-11-29')
    expect(stdout).toMatch(/站点数据检查: \d+ 处地点/)
    expect(status).toBe(0)
  })

  it('exits 1 on a dataset with errors', () => {
    const { status, stdout } = run('--content', 'tests/fixtures/bad-content')
    expect(stdout).toContain('未通过')
    expect(status).toBe(1)
  })

  it('turns stale dates into warnings with --stale-days', () => {
    const { status, stdout } = run('--today', '2026-11-29', '--stale-days', '1')
    expect(status).toBe(0)
    expect(stdout).toMatch(/警告 \(\d+\):[\s\S]*超过 1 天/)
  })
})
