import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { afterAll, describe, expect, it } from 'vitest'
import { countiesIn, provinceOf } from '../../server/regions/divisions'
import { ALWAYS_OPEN_SHARE, SYNTH_HEADER, synthLines } from '../../scripts/lib/place-synth'
import { CHINA_BOUNDS, REGION_VIEWS } from '../../shared/regions.config'

// npm run data:synth: a synthetic list for benchmarks and tests, the same for the same seed, and
// never mistakable for data.

const text = (options: Parameters<typeof synthLines>[0]) => [...synthLines(options)].join('')
const rows = (csv: string) => Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data

const dir = mkdtempSync(join(tmpdir(), 'yizhan-synth-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('data:synth', () => {
  it('writes the same file for the same seed, and another for another seed', () => {
    const run = (seed: number, out: string) => spawnSync(process.execPath, ['node_modules/jiti/lib/jiti-cli.mjs', 'scripts/data-synth.ts', '--count', '1500', '--seed', String(seed), '--out', out], { encoding: 'utf8' })
    for (const [seed, out] of [[7, 'a.csv'], [7, 'b.csv'], [8, 'c.csv']] as const) expect(run(seed, join(dir, out)).status).toBe(0)
    const [a, b, c] = ['a.csv', 'b.csv', 'c.csv'].map(file => readFileSync(join(dir, file), 'utf8'))
    expect(a).toBe(b)
    expect(a).not.toBe(c)
    expect(a).toBe(text({ count: 1500, seed: 7 }))
  })

  it('refuses to write into content/', () => {
    const result = spawnSync(process.execPath, ['node_modules/jiti/lib/jiti-cli.mjs', 'scripts/data-synth.ts', '--count', '10', '--out', 'content/stations/synthetic.csv'], { encoding: 'utf8' })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('content/')
  })

  it('marks every row as synthetic and as a sample, in the import\'s columns', () => {
    const csv = text({ count: 3000, seed: 1 })
    expect(csv.split('\r\n')[0]!.replace(/^\uFEFF/, '').split(',')).toEqual([...SYNTH_HEADER])
    const list = rows(csv)
    expect(list).toHaveLength(3000)
    for (const row of list) {
      expect(row['名称']).toMatch(/^合成·/)
      expect(row['地址']).toContain('合成数据')
      expect(row['示例']).toBe('是')
      expect(row['坐标系']).toBe('WGS-84')
    }
    expect(new Set(list.map(row => row['名称'])).size).toBe(3000)
  })

  it('opens 12,100 of every 186,100 places 24 hours (6.5 %)', () => {
    const list = rows(text({ count: 20_000, seed: 3 }))
    expect(list.filter(row => row['开放时间'] === '24/7')).toHaveLength(Math.floor(20_000 * ALWAYS_OPEN_SHARE))
    expect(ALWAYS_OPEN_SHARE).toBeCloseTo(0.065, 3)
  })

  it('spreads the places over the country\'s counties, inside China\'s box, more where more people live', () => {
    const list = rows(text({ count: 20_000, seed: 1 }))
    const codes = new Set(countiesIn('100000').map(county => county.code))
    const perProvince = new Map<string, number>()
    for (const row of list) {
      expect(codes.has(row['区县代码']!)).toBe(true)
      const lat = Number(row['纬度'])
      const lng = Number(row['经度'])
      expect(lat).toBeGreaterThanOrEqual(CHINA_BOUNDS.south)
      expect(lat).toBeLessThanOrEqual(CHINA_BOUNDS.north)
      expect(lng).toBeGreaterThanOrEqual(CHINA_BOUNDS.west)
      expect(lng).toBeLessThanOrEqual(CHINA_BOUNDS.east)
      const province = provinceOf(row['区县代码']!)!.name
      perProvince.set(province, (perProvince.get(province) ?? 0) + 1)
    }
    expect(perProvince.size).toBe(31)
    // 广东 (126 million people) well ahead of 西藏 (3.6 million).
    expect(perProvince.get('广东省')!).toBeGreaterThan(20 * perProvince.get('西藏自治区')!)
  })

  it('keeps a prefecture region\'s places in its counties and its box', () => {
    const list = rows(text({ count: 500, seed: 2, region: '140700' }))
    const box = REGION_VIEWS['140700']!.bounds
    for (const row of list) {
      expect(row['区县代码']).toMatch(/^1407/)
      expect(Number(row['纬度'])).toBeGreaterThanOrEqual(box.south)
      expect(Number(row['纬度'])).toBeLessThanOrEqual(box.north)
      expect(Number(row['经度'])).toBeGreaterThanOrEqual(box.west)
      expect(Number(row['经度'])).toBeLessThanOrEqual(box.east)
    }
  })
})
