import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readPlaceFiles } from '../../modules/validate-places/place-files'
import { placeToYaml, writeFilesAtomically } from '../../modules/validate-places/place-yaml'
import { StationSchema } from '../../shared/schemas/station'

const root = resolve(import.meta.dirname, '../..')
const { places } = readPlaceFiles(resolve(root, 'content'), root)

describe('placeToYaml', () => {
  it('writes every bundled file exactly as it was written by hand', () => {
    for (const { file, data } of places) expect(placeToYaml(data), file).toBe(readFileSync(resolve(root, file), 'utf8'))
  })

  it('reads back to the same record, dates staying strings', () => {
    const data = StationSchema.parse({ ...places[0]!.data, lastVerified: '2026-03-15', expectedReopen: '2026-12-01', status: 'temporarily-closed', statusNote: '装修: 12月恢复', description: 'It\'s "quoted"\nover two lines' })
    const text = placeToYaml(data)
    expect(text).toContain('lastVerified: \'2026-03-15\'')
    expect(StationSchema.parse(parse(text))).toEqual(data)
  })
})

describe('writeFilesAtomically', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('writes all files, creating folders, and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-write-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'old.yml'), 'old')
    writeFilesAtomically([{ path: join(dir, 'old.yml'), text: 'new' }, { path: join(dir, 'sub/a.yml'), text: 'a' }])
    expect(readFileSync(join(dir, 'old.yml'), 'utf8')).toBe('new')
    expect(readFileSync(join(dir, 'sub/a.yml'), 'utf8')).toBe('a')
    expect(readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()).toEqual(['old.yml', 'sub', 'sub/a.yml'])
  })

  it('writes nothing when one file cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-write-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'blocker'), 'a file where a folder should be')
    expect(() => writeFilesAtomically([{ path: join(dir, 'a.yml'), text: 'a' }, { path: join(dir, 'blocker/b.yml'), text: 'b' }])).toThrow()
    expect(readdirSync(dir)).toEqual(['blocker'])
  })
})
