import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readPlaceFiles } from '../../modules/validate-places/place-files'
import { ImportFileError, importPlaces, nameSlug, type ImportOptions } from '../../scripts/lib/place-import'
import { normaliseHeader } from '../../server/spreadsheet/headers'
import {
  AMENITY_WORDS, AUDIENCE_WORDS, KIND_WORDS, normaliseDate, normaliseHours, parseCoordinate, parseDistrict, splitList,
} from '../../server/spreadsheet/words'
import { toGcj02 } from '../../shared/utils/coords'
import { distanceMeters } from '../../shared/utils/geo'
import { toCsv } from '../../shared/utils/open-data'
import { AMENITY_KEYS, AUDIENCE_KEYS, KIND_KEYS } from '../../shared/utils/vocabulary'
import { MESSAGES, lookup } from './messages'

const root = resolve(import.meta.dirname, '../..')
const fixture = (name: string) => readFileSync(resolve(root, 'tests/fixtures/import', name))
const csv = (text: string) => new TextEncoder().encode(text)

const temps: string[] = []
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** An empty project folder with a content/ inside; imports write there. */
function project() {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-import-'))
  temps.push(dir)
  const contentDir = join(dir, 'content')
  const options = (more: Partial<ImportOptions> = {}): ImportOptions => ({ fileName: 'list.csv', contentDir, rootDir: dir, ...more })
  const files = () => {
    try {
      return readdirSync(contentDir, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.yml')).sort()
    }
    catch {
      return []
    }
  }
  return { dir, contentDir, options, files, read: () => readPlaceFiles(contentDir, dir) }
}

describe('importing the union\'s list with Chinese headers', () => {
  it('writes one valid YAML file per row, rest stations and services in their folders', async () => {
    const p = project()
    const result = await importPlaces(fixture('stations-zh.csv'), p.options({ fileName: 'stations-zh.csv' }))
    expect(result.problems).toEqual([])
    expect(result.encoding).toBe('UTF-8')
    expect(p.files()).toEqual(['services/pingyao-guchengmamixiaowu.yml', 'stations/lingshi-jingshengjiayouzhan.yml', 'stations/yuci-yingbinjie.yml'])
    const { places, errors } = p.read()
    expect(errors).toEqual([])
    expect(places).toHaveLength(3)
  })

  it('maps Chinese words to the vocabularies and spreadsheet habits to the data format', async () => {
    const p = project()
    const { places } = await importPlaces(fixture('stations-zh.csv'), p.options({ fileName: 'stations-zh.csv' }))
    const [yuci, lingshi, pingyao] = places.map(x => x.data)
    expect(yuci).toMatchObject({
      kind: 'rest-station',
      district: '140702',
      address: '榆次区迎宾街88号, 农商银行一楼',
      amenities: ['water', 'hot-meals', 'seating', 'phone-charging'],
      hours: 'Mo-Su 08:00-20:00',
      lastVerified: '2026-03-15',
      audience: ['outdoor-workers'],
      location: { lat: 37.6983, lng: 112.7321, precision: 'exact' },
      sample: false,
      source: { name: '晋中市总工会名单导入', note: 'stations-zh.csv 第 2 行' },
    })
    expect(lingshi).toMatchObject({ district: '140729', hours: '24/7', amenities: ['water', 'toilet', 'first-aid'], lastVerified: '2026-01-05' })
    expect(pingyao).toMatchObject({ kind: 'nursing-room', hours: 'Mo-Fr 09:00-17:00', audience: ['women-workers'], amenities: ['nursing', 'water'] })
  })

  it('keeps cells starting with - or @ as plain text', async () => {
    const p = project()
    const [yuci] = (await importPlaces(fixture('stations-zh.csv'), p.options())).places
    expect(yuci!.data.arrivalHint).toBe('-银行大堂左侧（门口有红色驿站标识）')
    expect(yuci!.data.description).toBe('@环卫工人 优先')
  })

  it('converts a row marked 高德 (GCJ-02) to WGS-84', async () => {
    const p = project()
    const pingyao = (await importPlaces(fixture('stations-zh.csv'), p.options())).places[2]!.data.location
    expect(distanceMeters(toGcj02(pingyao), { lat: 37.2011, lng: 112.1852 })).toBeLessThan(1)
    expect(distanceMeters(pingyao, { lat: 37.2011, lng: 112.1852 })).toBeGreaterThan(400)
  })

  it('reads the same list saved as GBK by an older Excel', async () => {
    const [a, b] = [project(), project()]
    const gbk = await importPlaces(fixture('stations-gbk.csv'), a.options({ dryRun: true }))
    const utf8 = await importPlaces(fixture('stations-zh.csv'), b.options({ dryRun: true }))
    expect(gbk.encoding).toBe('GB18030 (GBK)')
    expect(gbk.places.map(x => [x.id, x.data])).toEqual(utf8.places.map(x => [x.id, x.data]))
  })
})

describe('importing a list with English headers and GCJ-02 coordinates', () => {
  const original = [
    { id: 'yuci-huitong-test', lat: 37.695, lng: 112.739, district: '140702' },
    { id: 'pingyao-test-station', lat: 37.1901, lng: 112.1802, district: '140728' },
    { id: 'lingshi-test-station', lat: 36.8502, lng: 111.7751, district: '140729' },
  ]

  it('converts every point back to WGS-84 within 1 m and keeps the ids of the id column', async () => {
    const p = project()
    const result = await importPlaces(fixture('stations-en-gcj02.csv'), p.options({ crs: 'gcj02' }))
    expect(result.problems).toEqual([])
    const rows = readFileSync(resolve(root, 'tests/fixtures/import/stations-en-gcj02.csv'), 'utf8').trim().split('\n').slice(1)
    for (const [i, place] of result.places.entries()) {
      expect(place.id).toBe(original[i]!.id)
      expect(place.data.district).toBe(original[i]!.district)
      expect(distanceMeters(place.data.location, original[i]!)).toBeLessThan(1)
      // The inverse check: back to GCJ-02, the point is the one in the file.
      const [lat, lng] = rows[i]!.match(/,(3\d\.\d+),(11\d\.\d+),/)!.slice(1).map(Number)
      expect(distanceMeters(toGcj02(place.data.location), { lat: lat!, lng: lng! })).toBeLessThan(1)
    }
    expect(p.read().errors).toEqual([])
  })

  it('refuses the file when nothing says which coordinate system it uses', async () => {
    const p = project()
    await expect(importPlaces(fixture('stations-en-gcj02.csv'), p.options())).rejects.toThrow(ImportFileError)
    await expect(importPlaces(fixture('stations-en-gcj02.csv'), p.options())).rejects.toThrow(/坐标系/)
    expect(p.files()).toEqual([])
  })
})

describe('a list with bad rows', () => {
  it.each([
    [3, 'name', '缺少名称'],
    [4, 'location.lat', '纬度不在晋中范围内'],
    [5, 'amenities', '未知设施「按摩椅」'],
    [6, 'name', '疑似公式注入'],
    [7, 'hours', '营业时间不是有效的 opening_hours 语法'],
  ])('reports line %i: %s %s', async (line, field, message) => {
    const p = project()
    const { problems } = await importPlaces(fixture('stations-bad.csv'), p.options())
    const problem = problems.find(x => x.line === line)
    expect(problem, JSON.stringify(problems)).toBeDefined()
    expect(problem).toMatchObject({ field })
    expect(problem!.message).toContain(message)
  })

  it('reports exactly the bad lines, each once', async () => {
    const { problems } = await importPlaces(fixture('stations-bad.csv'), project().options())
    expect(problems.map(x => x.line)).toEqual([3, 4, 5, 6, 7])
    expect(problems[0]!.column).toBe('名称')
  })

  it('writes nothing at all', async () => {
    const p = project()
    const result = await importPlaces(fixture('stations-bad.csv'), p.options())
    expect(result.places.map(x => x.line)).toEqual([2])
    expect(result.written).toEqual([])
    expect(p.files()).toEqual([])
  })

  it('writes only the good rows with skipBad', async () => {
    const p = project()
    const result = await importPlaces(fixture('stations-bad.csv'), p.options({ skipBad: true }))
    expect(result.written).toHaveLength(1)
    expect(p.files()).toEqual(['stations/yuci-hao.yml'])
    expect(p.read().errors).toEqual([])
  })

  it('writes nothing on a dry run of a good file', async () => {
    const p = project()
    const result = await importPlaces(fixture('stations-zh.csv'), p.options({ dryRun: true }))
    expect(result.places).toHaveLength(3)
    expect(p.files()).toEqual([])
  })

  it.each([
    ['latitude and longitude swapped', '名称,区县,地址,纬度,经度,开放时间,运营单位\n某驿站,榆次区,某街,112.75,37.69,24/7,某工会\n', 'location', '填反'],
    ['a coordinate that is not a number', '名称,区县,地址,纬度,经度,开放时间,运营单位\n某驿站,榆次区,某街,北纬37度,112.75,24/7,某工会\n', 'location.lat', '不是数字'],
    ['an unknown district', '名称,区县,地址,纬度,经度,开放时间,运营单位\n某驿站,某某区,某街,37.69,112.75,24/7,某工会\n', 'district', '未知区县「某某区」'],
    ['a district outside the region', '名称,区县,地址,纬度,经度,开放时间,运营单位\n某驿站,小店区,某街,37.69,112.75,24/7,某工会\n', 'district', '不在晋中市：小店区（太原市，140105）'],
    ['an unknown kind', '名称,类型,区县,地址,纬度,经度,开放时间,运营单位\n某驿站,加油站,榆次区,某街,37.69,112.75,24/7,某工会\n', 'kind', '未知类型'],
    ['a formula in the address', '名称,区县,地址,纬度,经度,开放时间,运营单位\n某驿站,榆次区,=HYPERLINK("http://x"),37.69,112.75,24/7,某工会\n', 'address', '疑似公式注入'],
    ['a bad phone number', '名称,区县,地址,纬度,经度,开放时间,运营单位,电话\n某驿站,榆次区,某街,37.69,112.75,24/7,某工会,请打总机\n', 'phone', '电话只能包含数字和 -'],
    ['an id that is not a file name', 'id,名称,区县,地址,纬度,经度,开放时间,运营单位\nBad_Id,某驿站,榆次区,某街,37.69,112.75,24/7,某工会\n', 'id', 'id 只能包含'],
    ['the same id twice', 'id,名称,区县,地址,纬度,经度,开放时间,运营单位\nsame,某驿站,榆次区,某街,37.69,112.75,24/7,某工会\nsame,另一驿站,榆次区,某街,37.70,112.76,24/7,某工会\n', 'id', '与第 2 行重复'],
    ['an unknown coordinate system', '名称,区县,地址,纬度,经度,坐标系,开放时间,运营单位\n某驿站,榆次区,某街,37.69,112.75,墨卡托,24/7,某工会\n', 'location', '未知坐标系'],
  ])('reports %s', async (_name, text, field, message) => {
    const { problems } = await importPlaces(csv(text), project().options({ crs: 'wgs84' }))
    expect(problems.length, JSON.stringify(problems)).toBeGreaterThan(0)
    const last = problems.at(-1)!
    expect(last.field).toBe(field)
    expect(last.message).toContain(message)
  })

  it('refuses a file without the required columns', async () => {
    await expect(importPlaces(csv('名称,地址\n某驿站,某街\n'), project().options({ crs: 'wgs84' }))).rejects.toThrow(/缺少必需的列: 区县/)
  })
})

describe('ids and files', () => {
  const two = '名称,区县,地址,纬度,经度,开放时间,运营单位\n榆次区顺城街爱心驿站,榆次区,某街1号,37.69,112.75,24/7,某工会\n顺城街驿站,榆次区,某街2号,37.70,112.76,24/7,某工会\n'

  it('generates ids from district and name pinyin, unique within the file', async () => {
    const { places } = await importPlaces(csv(two), project().options({ crs: 'wgs84', dryRun: true }))
    expect(places.map(x => x.id)).toEqual(['yuci-shunchengjie', 'yuci-shunchengjie-2'])
  })

  it('will not overwrite the same place imported again, unless told to', async () => {
    const p = project()
    await importPlaces(csv(two), p.options({ crs: 'wgs84' }))
    const again = await importPlaces(csv(two), p.options({ crs: 'wgs84' }))
    expect(again.problems.map(x => x.message)).toEqual([expect.stringContaining('--replace'), expect.stringContaining('--replace')])
    const replaced = await importPlaces(csv(two.replace('某街1号', '某街9号')), p.options({ crs: 'wgs84', replace: true }))
    expect(replaced.problems).toEqual([])
    expect(replaced.places.map(x => x.replaces)).toEqual([true, true])
    expect(p.read().places.find(x => x.id === 'yuci-shunchengjie')!.data.address).toBe('某街9号')
  })

  it('gives a different place with a taken id a new one', async () => {
    const p = project()
    await importPlaces(csv(two), p.options({ crs: 'wgs84' }))
    const other = await importPlaces(csv('名称,区县,地址,纬度,经度,开放时间,运营单位\n顺城街爱心驿站,榆次区,别处,37.68,112.74,24/7,某工会\n'), p.options({ crs: 'wgs84' }))
    expect(other.places.map(x => x.id)).toEqual(['yuci-shunchengjie-3'])
  })

  it('leaves no temporary file behind', async () => {
    const p = project()
    await importPlaces(fixture('stations-zh.csv'), p.options())
    const all = readdirSync(p.contentDir, { recursive: true, encoding: 'utf8' })
    expect(all.filter(f => f.includes('.tmp'))).toEqual([])
  })
})

describe('reading cells', () => {
  it.each([
    ['24小时', '24/7'],
    ['全天', '24/7'],
    ['24h', '24/7'],
    ['每天 8:00-20:00', 'Mo-Su 08:00-20:00'],
    ['每日8:00～20:00', 'Mo-Su 08:00-20:00'],
    ['周一至周五 9:00-17:00', 'Mo-Fr 09:00-17:00'],
    ['工作日 ０８：３０－１７：３０', 'Mo-Fr 08:30-17:30'],
    ['Mo-Fr 08:00-18:00; PH off', 'Mo-Fr 08:00-18:00; PH off'],
  ])('hours %s -> %s', async (value, expected) => {
    expect(normaliseHours(value)).toBe(expected)
  })

  it.each([
    ['2026-03-15', '2026-03-15'],
    ['2026/3/5', '2026-03-05'],
    ['2026.3.5', '2026-03-05'],
    ['2026年3月5日', '2026-03-05'],
    ['去年', '去年'],
  ])('date %s -> %s', async (value, expected) => {
    expect(normaliseDate(value)).toBe(expected)
  })

  it.each([
    ['榆次区', '140702'], ['榆次', '140702'], ['晋中市榆次区', '140702'], ['山西省晋中市榆次区', '140702'], ['140781', '140781'], ['Jiexiu', '140781'], ['祁县', '140727'], ['小店区', undefined], ['140105', undefined],
  ])('district %s -> %s', async (value, expected) => {
    expect(parseDistrict(value)).toBe(expected)
  })

  it.each([
    ['饮水、热饭,厕所；充电/wifi 图书', ['饮水', '热饭', '厕所', '充电', 'wifi', '图书']],
    ['', []],
  ])('list %s', async (value, expected) => {
    expect(splitList(value)).toEqual(expected)
  })

  it.each([['37.69', 37.69], [' 37.69° ', 37.69], ['３７.６９', 37.69], ['37,69', undefined], ['', undefined]])('coordinate %s', async (value, expected) => {
    expect(parseCoordinate(value)).toBe(expected)
  })

  it.each([['纬度', '纬度'], ['Latitude', 'latitude'], ['opening_hours', 'openinghours'], ['*名称', '名称']])('header %s', async (value, expected) => {
    expect(normaliseHeader(value)).toBe(expected)
  })

  it('reads headers with notes in brackets', async () => {
    const text = '名称（必填）,区县,地址,纬度 (WGS-84),经度 (WGS-84),开放时间,运营单位,不相干的列\n某驿站,榆次区,某街,37.69,112.75,24/7,某工会,x\n'
    const result = await importPlaces(csv(text), project().options({ crs: 'wgs84', dryRun: true }))
    expect(result.problems).toEqual([])
    expect(result.ignoredColumns).toEqual(['不相干的列'])
  })

  it('makes name slugs without the district and the word 驿站', async () => {
    expect(nameSlug('示例·榆次区顺城街爱心驿站', '140702')).toBe('shunchengjie')
    expect(nameSlug('中石化静升加油站', '140729')).toBe('zhongshihuajingshengjiayouzhan')
    expect(nameSlug('绿地驿站', '140702')).toBe('lvdi')
  })

  it('knows the interface\'s Chinese word for every kind, amenity and audience', () => {
    const zh = MESSAGES['zh-CN']
    for (const key of KIND_KEYS) expect(KIND_WORDS[lookup(zh, `kind.${key}`) as string], key).toBe(key)
    for (const key of AMENITY_KEYS) expect(AMENITY_WORDS[(lookup(zh, `amenity.${key}`) as string).toLowerCase()], key).toBe(key)
    for (const key of AUDIENCE_KEYS) expect(AUDIENCE_WORDS[lookup(zh, `audience.${key}`) as string], key).toBe(key)
  })
})

describe('the open-data CSV read back by the importer', () => {
  it('gives the same places', async () => {
    const { places } = readPlaceFiles(resolve(root, 'content'), root)
    const text = toCsv(places.map(p => ({ ...p.data, id: p.id })), 'https://example.org')
    const p = project()
    const result = await importPlaces(csv(text), p.options({ crs: 'wgs84', dryRun: true }))
    expect(result.problems).toEqual([])
    expect(result.ignoredColumns).toEqual(['source', 'url'])
    for (const [i, { id, data }] of places.entries()) {
      const back = result.places[i]!
      expect(back.id).toBe(id)
      expect({ ...back.data, source: undefined }).toEqual({ ...data, source: undefined })
    }
  })

  it('undoes the formula neutralising, and then refuses the formula', async () => {
    const { places } = readPlaceFiles(resolve(root, 'content'), root)
    const evil = { ...places[0]!.data, id: 'evil', name: '=HYPERLINK("http://x","点我")' }
    const text = toCsv([evil], 'https://example.org')
    expect(text).toContain('"\'=HYPERLINK(""http://x"",""点我"")"')
    const p = project()
    writeFileSync(join(p.dir, 'x.csv'), text)
    const { problems } = await importPlaces(readFileSync(join(p.dir, 'x.csv')), p.options({ crs: 'wgs84' }))
    expect(problems).toEqual([expect.objectContaining({ line: 2, field: 'name', message: expect.stringContaining('疑似公式注入') })])
  })
})
