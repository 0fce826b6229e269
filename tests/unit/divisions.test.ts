import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generatedDivisionsSource } from '../../scripts/lib/division-source'
import {
  DivisionError, countiesIn, division, divisionPath, isWithin, lookupCounty, prefectureOf, provinceOf, resolveCounty, resolveCountyByNames,
} from '../../server/regions/divisions'

const JINZHONG_COUNTIES = [
  ['140702', '榆次区'], ['140703', '太谷区'], ['140721', '榆社县'], ['140722', '左权县'], ['140723', '和顺县'], ['140724', '昔阳县'],
  ['140725', '寿阳县'], ['140727', '祁县'], ['140728', '平遥县'], ['140729', '灵石县'], ['140781', '介休市'],
]

describe('the generated division table', () => {
  it('is what `npm run regions:build` makes of the installed package (not typed by hand, not stale)', () => {
    const written = readFileSync(new URL('../../server/regions/divisions.generated.ts', import.meta.url), 'utf8')
    expect(written).toBe(generatedDivisionsSource())
  })
})

describe('division', () => {
  it.each([
    ['140000', '山西省', 'province'],
    ['140700', '晋中市', 'prefecture'],
    ['140703', '太谷区', 'county'],
    ['110101', '东城区', 'county'],
    ['100000', '全国', 'province'],
  ])('knows %s as %s (%s)', (code, name, level) => {
    expect(division(code)).toEqual({ code, name, level })
  })

  it.each(['140701', '999999', '14070', 'abcdef'])('has no division %s (市辖区 placeholders are left out)', (code) => {
    expect(division(code)).toBeUndefined()
  })
})

describe('countiesIn', () => {
  it('lists the 11 counties of a prefecture by code, without its 市辖区 placeholder', () => {
    expect(countiesIn('140700').map(d => [d.code, d.name])).toEqual(JINZHONG_COUNTIES)
  })

  it('lists a province\'s counties: 太原\'s and 晋中\'s among Shanxi\'s, all inside 14xxxx, none a town', () => {
    const shanxi = countiesIn('140000')
    const codes = shanxi.map(d => d.code)
    expect(codes).toEqual(expect.arrayContaining(['140105', '140181', ...JINZHONG_COUNTIES.map(([code]) => code)]))
    expect(shanxi.every(d => d.code.startsWith('14') && d.level === 'county' && d.name !== '市辖区')).toBe(true)
    expect(new Set(codes).size).toBe(codes.length)
    expect(shanxi.length).toBeGreaterThan(110)
    expect(shanxi.length).toBeLessThan(140)
  })

  it('lists the whole country, with prefecture-level cities that have no counties standing for their own', () => {
    const country = countiesIn('100000')
    expect(country.length).toBeGreaterThan(2800)
    expect(country.length).toBeLessThan(3200)
    const codes = new Set(country.map(d => d.code))
    for (const code of ['110101', '140702', '441900', '429004', '650102', '810001']) expect(codes.has(code), code).toBe(true)
    expect(codes.has('140700')).toBe(false)
  })

  it('gives a county itself', () => {
    expect(countiesIn('140702').map(d => d.code)).toEqual(['140702'])
  })

  it('refuses a code GB/T 2260 does not have', () => {
    expect(() => countiesIn('149900')).toThrow(expect.objectContaining({ code: 'UNKNOWN_REGION' }))
  })
})

describe('prefectureOf and provinceOf', () => {
  it.each([
    ['140702', '140700', '140000'],
    ['140700', '140700', '140000'],
    ['110101', '110000', '110000'], // a municipality's district: the municipality is its city
    ['429004', '429004', '420000'], // 仙桃, governed by the province directly: its own city
    ['441900', '441900', '440000'], // 东莞, a city without counties
    ['140000', undefined, '140000'],
  ])('%s lies in prefecture %s and province %s', (code, prefecture, province) => {
    expect(prefectureOf(code)?.code).toBe(prefecture)
    expect(provinceOf(code)?.code).toBe(province)
  })

  it('names the path from province to county once each', () => {
    expect(divisionPath('140702').map(d => d.name)).toEqual(['山西省', '晋中市', '榆次区'])
    expect(divisionPath('110101').map(d => d.name)).toEqual(['北京市', '东城区'])
  })
})

describe('isWithin', () => {
  it.each([
    ['140702', '140700', true],
    ['140702', '140000', true],
    ['140702', '100000', true],
    ['140105', '140700', false],
    ['140105', '140000', true],
    ['130102', '140000', false],
  ])('%s in %s: %s', (code, region, inside) => {
    expect(isWithin(code, region)).toBe(inside)
  })
})

describe('resolveCounty', () => {
  it.each([
    ['榆次区', '140700', '140702'],
    ['140702', '140700', '140702'],
    [' 榆次 ', '140700', '140702'], // short name, spaces
    ['山西省晋中市榆次区', '140700', '140702'],
    ['晋中市榆次区', '100000', '140702'],
    ['太谷区', '140000', '140703'],
    ['祁县', '100000', '140727'],
    ['小店区', '140000', '140105'],
    ['阳泉市城区', '140000', '140302'], // ambiguous alone, unique with its city
    ['东莞市', '100000', '441900'],
  ])('reads %s in %s as %s', (text, region, code) => {
    expect(resolveCounty(text, region).code).toBe(code)
  })

  it('refuses a name that means more than one county, naming each with its city and code', () => {
    const error = lookupCounty('城区', '140000').error!
    expect(error).toBeInstanceOf(DivisionError)
    expect(error.code).toBe('AMBIGUOUS_DISTRICT')
    expect(error.candidates.map(d => d.code)).toEqual(['140302', '140502'])
    expect(error.message).toContain('城区（阳泉市，140302）')
    expect(error.message).toContain('城区（晋城市，140502）')
  })

  it('is unambiguous inside a smaller region: 鼓楼区 is four districts in China, one in 福州', () => {
    expect(lookupCounty('鼓楼区', '100000').error?.code).toBe('AMBIGUOUS_DISTRICT')
    expect(resolveCounty('鼓楼区', '350100').code).toBe('350102')
  })

  it.each([
    ['小店区', '140700', 'OUTSIDE_REGION'],
    ['140105', '140700', 'OUTSIDE_REGION'],
    ['北京区', '140700', 'UNKNOWN_DISTRICT'],
    ['140701', '140700', 'UNKNOWN_DISTRICT'], // 市辖区 is no county
    ['140700', '140700', 'UNKNOWN_DISTRICT'], // a prefecture with counties is no county
    ['', '140700', 'UNKNOWN_DISTRICT'],
  ])('refuses %s in %s: %s', (text, region, code) => {
    expect(lookupCounty(text, region).error?.code).toBe(code)
  })

  it('reads separate 省/市/区县 names, a municipality\'s repeated name included', () => {
    expect(resolveCountyByNames({ province: '山西省', prefecture: '晋中市', county: '榆次区' }, '100000').code).toBe('140702')
    expect(resolveCountyByNames({ province: '北京市', prefecture: '北京市', county: '东城区' }, '100000').code).toBe('110101')
    expect(resolveCountyByNames({ province: '山西省', prefecture: '阳泉市', county: '城区' }, '100000').code).toBe('140302')
    expect(resolveCountyByNames({ county: '平遥县' }, '140700').code).toBe('140728')
  })
})
