import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { StationSchema } from '../../shared/schemas/station'
import { parseFilterQuery } from '../../shared/utils/filters'
import { activeRegion, isInBounds } from '../../shared/utils/region'
import { activateRegion, districtText, regionConfig, startPoint } from '../../server/regions/region'
import { nearestDistrict, rememberPlaceDistricts } from '../../server/utils/stations/districts'

const TAIYUAN = { lat: 37.8706, lng: 112.5489 } // 太原 小店区: inside 晋中's loose box, not in its districts
const YANGQU = { lat: 38.3, lng: 112.65 } // 太原 阳曲县, north of 晋中's box
const PINGYAO = { lat: 37.1896, lng: 112.1763 }

const station = (district: string, location: { lat: number, lng: number }) => ({
  name: '测试驿站', kind: 'rest-station', district, address: '测试路 1 号', location, hours: '24/7',
  operator: '测试工会', audience: ['outdoor-workers'], sample: false, source: { name: '测试' },
})

afterEach(() => {
  activateRegion('140700')
  rememberPlaceDistricts([])
})

describe('regionConfig', () => {
  it('gives a prefecture its 11 districts and its own box', () => {
    const config = regionConfig('140700')
    expect(config.districts.map(d => d.name)).toEqual(['榆次区', '太谷区', '榆社县', '左权县', '和顺县', '昔阳县', '寿阳县', '祁县', '平遥县', '灵石县', '介休市'])
    expect(config.configured).toBe(true)
    expect(isInBounds(PINGYAO, config.bounds)).toBe(true)
    expect(isInBounds(YANGQU, config.bounds)).toBe(false)
  })

  it('gives a province the districts of all its cities, 太原\'s and 晋中\'s among them, and a box that holds 太原', () => {
    const config = regionConfig('140000')
    const codes = config.districts.map(d => d.code)
    expect(codes).toEqual(expect.arrayContaining(['140105', '140106', '140181', '140702', '140729']))
    expect(codes.every(code => code.startsWith('14'))).toBe(true)
    expect(isInBounds(TAIYUAN, config.bounds)).toBe(true)
    expect(isInBounds(YANGQU, config.bounds)).toBe(true)
    expect(isInBounds({ lat: 39.9, lng: 116.4 }, config.bounds)).toBe(false) // 北京
  })

  it('gives the country every county and China\'s box', () => {
    const config = regionConfig('100000')
    expect(config.districts.length).toBeGreaterThan(2800)
    expect(isInBounds({ lat: 22.54, lng: 114.06 }, config.bounds)).toBe(true) // 深圳
    expect(isInBounds({ lat: 53.5, lng: 122.3 }, config.bounds)).toBe(true) // 漠河
  })

  it('falls back for a region without a configured view: China\'s box, the start in the middle of its places', () => {
    const config = regionConfig('140100')
    expect(config).toMatchObject({ name: '太原市', configured: false })
    expect(config.districts.map(d => d.code)).toContain('140105')
    expect(startPoint([{ location: { lat: 37.8, lng: 112.5 } }, { location: { lat: 38.0, lng: 112.7 } }], config)).toEqual({ lat: 37.9, lng: 112.6 })
    expect(startPoint([], config)).toEqual(config.center)
    expect(startPoint([{ location: TAIYUAN }], regionConfig('140700'))).toEqual(regionConfig('140700').center)
  })

  it('refuses a code that names no division', () => {
    expect(() => regionConfig('149999')).toThrow(/149999/)
  })
})

describe('the active region', () => {
  it('checks a place\'s position and district against the region: a 太原 place passes for Shanxi, not for 晋中', () => {
    activateRegion('140000')
    expect(StationSchema.parse(station('小店区', TAIYUAN)).district).toBe('140105')
    expect(StationSchema.parse(station('阳曲县', YANGQU)).district).toBe('140122')

    activateRegion('140700')
    const refused = StationSchema.safeParse(station('阳曲县', YANGQU))
    expect(refused.success).toBe(false)
    const messages = refused.error!.issues.map(i => `${i.path.join('.')}: ${i.message}`)
    expect(messages).toContain('location.lat: 纬度不在晋中范围内')
    expect(messages.some(m => m.startsWith('district: 区县「阳曲县」不在晋中市'))).toBe(true)
  })

  it('keeps a district written as a code and turns a name into its code', () => {
    expect(StationSchema.parse(station('140728', PINGYAO)).district).toBe('140728')
    expect(StationSchema.parse(station('平遥县', PINGYAO)).district).toBe('140728')
  })

  it('names the region in the bounds message', () => {
    activateRegion('140000')
    expect(activeRegion().name).toBe('山西')
    const refused = StationSchema.safeParse(station('小店区', { lat: 39.9, lng: 116.4 })) // 北京
    expect(refused.error!.issues.map(i => i.message)).toEqual(['经度不在山西范围内'])
  })

  it('reads the district filter of an old link by name, and a code as it is', () => {
    expect(parseFilterQuery({ district: '榆次区' }).districts).toEqual(['140702'])
    expect(parseFilterQuery({ district: '140702' }).districts).toEqual(['140702'])
    activateRegion('140000')
    expect(parseFilterQuery({ district: ['小店区', '140702'] }).districts).toEqual(['140105', '140702'])
  })

  it('writes a district so it reads back: its city before a name the region has twice', () => {
    expect(districtText('140702')).toBe('榆次区')
    activateRegion('140000')
    expect(districtText('140302')).toBe('阳泉市城区')
  })
})

describe('nearestDistrict', () => {
  it('guesses from the county centres when the region knows them all', () => {
    expect(nearestDistrict({ lat: 37.19, lng: 112.17 })).toBe('140728')
  })

  it('guesses from the nearest place where the region\'s centres are not all known', () => {
    activateRegion('140000')
    rememberPlaceDistricts([{ district: '140105', location: TAIYUAN }, { district: '140728', location: PINGYAO }])
    expect(nearestDistrict({ lat: 37.86, lng: 112.56 })).toBe('140105')
    expect(nearestDistrict({ lat: 37.2, lng: 112.2 })).toBe('140728')
  })
})

describe('the source', () => {
  // The region is configuration: the code names no city (config, the division data, content, tests and
  // the locale files may).
  const ROOT = join(import.meta.dirname, '../..')
  const FOLDERS = ['pages', 'components', 'composables', 'server', 'shared', 'stores', 'plugins', 'layouts', 'utils', 'scripts', 'middleware', 'modules', 'service-worker']
  const ALLOWED = new Set(['shared/regions.config.ts', 'server/regions/divisions.generated.ts'])
  const files = (dir: string): string[] => {
    let names: string[]
    try {
      names = readdirSync(dir)
    }
    catch {
      return []
    }
    return names.flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? files(path) : /\.(?:ts|vue|js|mjs)$/.test(name) ? [path] : []
    })
  }

  it('names 晋中 nowhere outside the region config and the division data', () => {
    const all = FOLDERS.flatMap(folder => files(join(ROOT, folder))).map(path => relative(ROOT, path))
    expect(all.length).toBeGreaterThan(100)
    const hits = all.filter(path => !ALLOWED.has(path))
      .flatMap(path => readFileSync(join(ROOT, path), 'utf8').split('\n').flatMap((line, i) => (line.includes('晋中') ? [`${path}:${i + 1}: ${line.trim()}`] : [])))
    expect(hits).toEqual([])
  })
})
