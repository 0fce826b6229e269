import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { importPlacesToDatabase } from '../../scripts/lib/place-db-import'
import { synthLines } from '../../scripts/lib/place-synth'
import { DIALECTS, migratedStores } from '../support/services'

// `data:import --to database` (issue 10): a CSV read as it streams, checked row by row by the
// import's rules, staged, and merged 1,000 rows to a transaction; nothing is written while a row is
// bad (unless skipBad); a second import of the same file changes nothing.

const GOOD = 2000
const dir = mkdtempSync(join(tmpdir(), 'yizhan-import-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** 2,000 synthetic places of 晋中 (the default region), then bad rows; their spreadsheet lines. */
function listWithBadRows(file: string, changeHoursOfLine?: number): { path: string, bad: number[] } {
  const lines = [...synthLines({ count: GOOD, seed: 11, region: '140700' })]
  if (changeHoursOfLine) lines[changeHoursOfLine - 1] = lines[changeHoursOfLine - 1]!.replace(/,(24\/7|Mo-[A-Za-z]+ [\d:-]+),/, ',Mo-Su 09:00-17:00,')
  const bad = [
    '合成·纬度错的驿站,爱心驿站,140702,合成路1号,10.5,112.7,WGS-84,24/7,饮水,合成总工会,是',
    '合成·区县错的驿站,爱心驿站,999999,合成路2号,37.6,112.7,WGS-84,24/7,饮水,合成总工会,是',
    '合成·时间错的驿站,爱心驿站,140702,合成路3号,37.6,112.71,WGS-84,whenever,饮水,合成总工会,是',
    ',爱心驿站,140702,合成路4号,37.6,112.72,WGS-84,24/7,饮水,合成总工会,是',
    lines[1]!.trimEnd(), // the first place again: the same name and position
  ]
  const path = join(dir, file)
  writeFileSync(path, lines.join('') + bad.map(line => `${line}\r\n`).join(''))
  return { path, bad: bad.map((_, i) => GOOD + 2 + i) }
}

describe.each(DIALECTS)('importing a large list into %s', (dialect) => {
  const db = migratedStores(dialect)
  const importsCounter = async () => (await db.stores.changes.versions()).imports
  const run = (path: string, options: { skipBad?: boolean, dryRun?: boolean } = {}) =>
    importPlacesToDatabase(path, { database: db.app, fileName: 'synthetic.csv', contentDir: 'content', batchSize: 300, ...options })

  it('writes nothing while a row is bad, and reports exactly the bad rows', async () => {
    const { path, bad } = listWithBadRows('a.csv')
    const before = await importsCounter()
    const result = await run(path)
    expect(result.written).toBe(false)
    expect(result.valid).toBe(GOOD)
    expect([...new Set(result.problems.map(p => p.line))]).toEqual(bad)
    expect(result.problems.find(p => p.line === bad[0])).toMatchObject({ field: 'location.lat', column: '纬度' })
    expect(result.problems.find(p => p.line === bad[2])).toMatchObject({ field: 'hours' })
    expect(result.problems.find(p => p.line === bad[3])).toMatchObject({ field: 'name', message: '缺少名称' })
    expect(result.problems.find(p => p.line === bad[4])!.message).toContain('与第 2 行')
    expect(result.counts).toEqual({ added: GOOD, changed: 0, unchanged: 0 })
    expect(await db.stores.imported.count()).toBe(0)
    expect(await importsCounter()).toBe(before)
  })

  it('writes the good rows with skipBad, in batches, and tells every instance once', async () => {
    const { path } = listWithBadRows('a.csv')
    const before = await importsCounter()
    const result = await run(path, { skipBad: true })
    expect(result.written).toBe(true)
    expect(result.counts).toEqual({ added: GOOD, changed: 0, unchanged: 0 })
    expect(await db.stores.imported.count()).toBe(GOOD)
    expect(await importsCounter()).toBe(before + 1)
    // Read back in pages: every row once, each a checked station record of 晋中 marked as a sample.
    const seen: string[] = []
    await db.stores.imported.each((row) => {
      seen.push(row.id)
      const record = JSON.parse(row.record)
      expect(record.name).toMatch(/^合成·/)
      expect(record.sample).toBe(true)
      expect(record.district).toMatch(/^1407\d\d$/)
      expect(row.initials).toMatch(/^[a-z0-9]+$/)
    }, 170)
    expect(seen).toHaveLength(GOOD)
    expect(new Set(seen).size).toBe(GOOD)
    // Suggestions about an imported place follow its district like any station's.
    const districts = await db.app.db.selectFrom('station_districts').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(districts.n)).toBe(GOOD)
  })

  it('updates instead of duplicating when the same list is imported again', async () => {
    const same = await run(listWithBadRows('a.csv').path, { skipBad: true })
    expect(same.counts).toEqual({ added: 0, changed: 0, unchanged: GOOD })
    const before = await importsCounter()
    const changed = await run(listWithBadRows('b.csv', 10).path, { skipBad: true })
    expect(changed.counts).toEqual({ added: 0, changed: 1, unchanged: GOOD - 1 })
    expect(await db.stores.imported.count()).toBe(GOOD)
    expect(await importsCounter()).toBe(before + 1)
  })

  it('counts without writing on a dry run', async () => {
    const result = await run(listWithBadRows('a.csv').path, { skipBad: true, dryRun: true })
    expect(result.written).toBe(false)
    expect(result.counts.added + result.counts.changed + result.counts.unchanged).toBe(GOOD)
  })
})
