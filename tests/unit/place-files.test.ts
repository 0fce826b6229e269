import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { assertValidPlaces, readPlaceFiles } from '../../modules/validate-places/place-files'
import { distanceMeters } from '../../shared/utils/geo'

const root = resolve(import.meta.dirname, '../..')

describe('the bundled dataset', () => {
  const { places, errors } = readPlaceFiles(resolve(root, 'content'), root)

  it('has no file that breaks the station schema', () => {
    expect(errors).toEqual([])
  })

  it('has the 36 rest stations and at least 8 other services', () => {
    expect(places.filter(p => p.data.kind === 'rest-station')).toHaveLength(36)
    expect(places.filter(p => p.data.kind !== 'rest-station').length).toBeGreaterThanOrEqual(8)
  })

  it('marks every invented place as a sample, named "示例·..."', () => {
    for (const { file, data } of places) {
      if (data.name.startsWith('示例')) expect(data.sample, file).toBe(true)
      if (data.sample) expect(data.name.startsWith('示例·'), file).toBe(true)
    }
  })

  it('records uncertainty for real places: approximate location and a source', () => {
    const real = places.filter(p => !p.data.sample)
    expect(real.length).toBeGreaterThan(0)
    for (const { file, data } of real) {
      expect(data.location.precision, file).toBe('approximate')
      expect(data.source.note ?? data.source.url, file).toBeTruthy()
    }
  })

  it('includes the three 24-hour 灵石 stations', () => {
    const lingshi = places.filter(p => p.data.district === '140729' && !p.data.sample && p.data.hours === '24/7')
    expect(lingshi).toHaveLength(3)
    const names = lingshi.map(p => p.data.name).join('|')
    for (const name of ['梁家疙瘩', '静升', '城关']) expect(names).toContain(name)
  })

  it('puts the largest share of rest stations in 榆次', () => {
    const counts = new Map<string, number>()
    for (const p of places.filter(p => p.data.kind === 'rest-station')) counts.set(p.data.district, (counts.get(p.data.district) ?? 0) + 1)
    const yuci = counts.get('140702') ?? 0
    expect(yuci).toBeGreaterThanOrEqual(12)
    for (const [district, count] of counts) if (district !== '140702') expect(count, district).toBeLessThan(yuci)
  })

  it('has no two places on top of each other (closer than 100 m)', () => {
    for (const [i, a] of places.entries()) {
      for (const b of places.slice(i + 1)) {
        if (a.data.name.includes('文化宫') && b.data.name.includes('文化宫')) continue // one building, two services
        expect(distanceMeters(a.data.location, b.data.location), `${a.file} / ${b.file}`).toBeGreaterThan(100)
      }
    }
  })
})

describe('a bad place file', () => {
  const dir = resolve(root, 'tests/fixtures/bad-content')
  const { places, errors } = readPlaceFiles(dir, resolve(root, 'tests/fixtures'))

  it.each([
    ['a coordinate outside 晋中', 'bad-content/stations/out-of-town.yml: location.lat: 纬度不在晋中范围内'],
    ['an amenity not in the vocabulary', 'bad-content/stations/out-of-town.yml: amenities.1:'],
    ['hours that are not opening_hours syntax', 'bad-content/stations/out-of-town.yml: hours: 营业时间不是有效的 opening_hours 语法'],
    ['a duplicate id', 'bad-content/services/good-one.yml: id: 与 bad-content/stations/good-one.yml 重复'],
    ['a file name that cannot be an id', 'bad-content/services/Bad_Name.yml: 文件名 (id):'],
    ['broken YAML', 'bad-content/services/broken-yaml.yml: YAML 语法错误'],
  ])('is reported with its file and field: %s', (_name, expected) => {
    expect(errors.some(e => e.startsWith(expected)), errors.join('\n')).toBe(true)
  })

  it('stops the build with one message listing each file and field', () => {
    expect(() => assertValidPlaces(dir, resolve(root, 'tests/fixtures'))).toThrow(/^站点数据有 \d+ 处错误:\n {2}- bad-content\/stations\/out-of-town\.yml: location\.lat: /)
    expect(() => assertValidPlaces(dir, resolve(root, 'tests/fixtures'))).toThrow(/\n {2}- bad-content\/services\/broken-yaml\.yml: YAML 语法错误/)
  })

  it('keeps only the valid records', () => {
    expect(places.map(p => p.file).sort()).toEqual(['bad-content/services/Bad_Name.yml', 'bad-content/services/good-one.yml', 'bad-content/stations/good-one.yml'])
  })
})
