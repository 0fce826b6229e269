import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import gcoord from 'gcoord'
import Papa from 'papaparse'
import { pinyin } from 'pinyin-pro'
import { parse as parseYaml } from 'yaml'
import { PLACE_FOLDERS } from '../../modules/validate-places/place-files'
import { placeToYaml, writeFilesAtomically } from '../../modules/validate-places/place-yaml'
import { StationIdSchema, StationSchema, type StationData } from '../../shared/schemas/station'
import { fromGcj02 } from '../../shared/utils/coords'
import {
  AMENITY_KEYS, AUDIENCE_KEYS, DISTRICTS, DISTRICT_NAMES, KIND_KEYS, PRECISION_KEYS, STATUS_KEYS,
  type Amenity, type Audience, type District, type Kind,
} from '../../shared/utils/vocabulary'

// The union's spreadsheet (saved as CSV) to content files: `npm run data:import -- FILE.csv` (issue 4).
// Every row is checked before anything is written; one bad row writes nothing unless --skip-bad.

/** `source.name` of every imported record. */
export const IMPORT_SOURCE_NAME = '晋中市总工会名单导入'

export type ImportCrs = 'wgs84' | 'gcj02' | 'bd09'

/** A field of a place that a column can fill. */
type Column
  = | 'id' | 'name' | 'kind' | 'district' | 'address' | 'lat' | 'lng' | 'crs' | 'precision' | 'amenities'
    | 'hours' | 'hoursNote' | 'phone' | 'operator' | 'audience' | 'arrivalHint' | 'description' | 'status'
    | 'statusNote' | 'expectedReopen' | 'lastVerified' | 'sample'

/** Header names per field, compared after normaliseHeader (case, spaces, `_`, `-`, `*` and full-width forms ignored). */
const HEADER_ALIASES: Record<Column, string[]> = {
  id: ['id', '编号', '标识', '站点编号'],
  name: ['name', '名称', '站点名称', '驿站名称', '地点名称'],
  kind: ['kind', 'type', '类型', '类别', '站点类型'],
  district: ['district', '区县', '县区', '所在区县', '县(市、区)', '县市区', '区域'],
  address: ['address', '地址', '详细地址', '站点地址'],
  lat: ['lat', 'latitude', '纬度'],
  lng: ['lng', 'lon', 'long', 'longitude', '经度'],
  crs: ['crs', 'coordinatesystem', '坐标系'],
  precision: ['precision', '精度', '位置精度'],
  amenities: ['amenities', 'facilities', '设施', '服务设施', '配套设施'],
  hours: ['hours', 'openinghours', '开放时间', '营业时间', '服务时间'],
  hoursNote: ['hoursnote', '开放时间说明', '时间说明'],
  phone: ['phone', 'tel', 'telephone', '电话', '联系电话'],
  operator: ['operator', '运营单位', '管理单位', '建设单位', '主办单位'],
  audience: ['audience', '服务对象'],
  arrivalHint: ['arrivalhint', '到达提示', '位置提示', '怎么找'],
  description: ['description', '备注', '说明', '简介'],
  status: ['status', '状态', '服务状态'],
  statusNote: ['statusnote', '状态说明'],
  expectedReopen: ['expectedreopen', '预计恢复日期'],
  lastVerified: ['lastverified', '核实日期', '最后核实日期', '核实时间'],
  sample: ['sample', '示例'],
}

/** Columns the file must have (kind and audience have defaults; see README). */
const REQUIRED: Column[] = ['name', 'district', 'address', 'lat', 'lng', 'hours', 'operator']

const REQUIRED_WORDS = { name: '名称', address: '地址', hours: '开放时间', operator: '运营单位' } as const

/** Free-text fields: a cell starting with `=` there is a formula someone slipped in, not data. */
const TEXT_FIELDS: Column[] = ['name', 'address', 'operator', 'arrivalHint', 'description', 'hoursNote', 'statusNote']

/** Chinese words for the vocabularies (the interface's labels in i18n/locales/zh-CN.json, plus common synonyms). */
export const KIND_WORDS: Record<string, Kind> = {
  爱心驿站: 'rest-station', 驿站: 'rest-station', 户外劳动者爱心驿站: 'rest-station', 工会驿站: 'rest-station', 户外劳动者服务站点: 'rest-station',
  妈咪小屋: 'nursing-room', 母婴室: 'nursing-room', 哺乳室: 'nursing-room',
  心理咨询室: 'counselling', 心理咨询: 'counselling', 职工心理健康服务咨询室: 'counselling',
  体育场馆: 'sports', 体育活动中心: 'sports', 体育: 'sports',
  教育基地: 'education', 展馆: 'education',
  法律援助·12351: 'legal-aid', 法律援助: 'legal-aid', 12351: 'legal-aid',
  医疗救助: 'health-aid',
  就业服务: 'jobs', 招聘会: 'jobs',
}

export const AMENITY_WORDS: Record<string, Amenity> = {
  饮水: 'water', 喝水: 'water', 热水: 'water', 饮用水: 'water', 饮水机: 'water',
  微波炉热饭: 'hot-meals', 热饭: 'hot-meals', 微波炉: 'hot-meals', 餐食加热: 'hot-meals', 就餐: 'hot-meals',
  休息座椅: 'seating', 休息: 'seating', 座椅: 'seating', 桌椅: 'seating',
  厕所: 'toilet', 卫生间: 'toilet', 如厕: 'toilet',
  手机充电: 'phone-charging', 充电: 'phone-charging',
  电动车充电: 'ebike-charging', 电瓶车充电: 'ebike-charging', 换电: 'ebike-charging',
  无线wifi: 'wifi', 无线网络: 'wifi', 无线网: 'wifi',
  图书: 'books', 书籍: 'books', 读书阅览: 'books', 阅读: 'books',
  急救药箱: 'first-aid', 药箱: 'first-aid', 医药箱: 'first-aid', 急救: 'first-aid',
  避暑纳凉: 'cooling', 纳凉: 'cooling', 空调: 'cooling',
  取暖: 'heating', 暖气: 'heating',
  雨具: 'rain-gear', 雨伞: 'rain-gear',
  哺乳设施: 'nursing', 哺乳: 'nursing',
}

export const AUDIENCE_WORDS: Record<string, Audience> = {
  所有户外劳动者: 'outdoor-workers', 户外劳动者: 'outdoor-workers', 户外工作者: 'outdoor-workers',
  所有职工: 'all-workers', 职工: 'all-workers', 全体职工: 'all-workers',
  工会会员: 'members', 会员: 'members',
  女职工: 'women-workers',
  所有人: 'public', 公众: 'public', 社会公众: 'public',
}

const STATUS_WORDS: Record<string, typeof STATUS_KEYS[number]> = {
  正常服务: 'open', 正常: 'open', 开放: 'open', 暂停服务: 'temporarily-closed', 暂停: 'temporarily-closed', 已关闭: 'closed', 关闭: 'closed', 停用: 'closed',
}
const PRECISION_WORDS: Record<string, typeof PRECISION_KEYS[number]> = {
  位置已核实: 'exact', 精确: 'exact', 准确: 'exact', 位置为大致位置: 'approximate', 大致: 'approximate', 大致位置: 'approximate', 近似: 'approximate',
}
const CRS_WORDS: Record<string, ImportCrs> = {
  'wgs84': 'wgs84', 'wgs-84': 'wgs84', 'gps': 'wgs84', '天地图': 'wgs84', 'cgcs2000': 'wgs84', 'osm': 'wgs84',
  'gcj02': 'gcj02', 'gcj-02': 'gcj02', '高德': 'gcj02', '腾讯': 'gcj02', '火星坐标': 'gcj02',
  'bd09': 'bd09', 'bd-09': 'bd09', '百度': 'bd09',
}

/** The county-level divisions as slugs for generated ids (as the bundled files use them). */
export const DISTRICT_SLUGS: Record<District, string> = {
  榆次区: 'yuci', 太谷区: 'taigu', 榆社县: 'yushe', 左权县: 'zuoquan', 和顺县: 'heshun', 昔阳县: 'xiyang',
  寿阳县: 'shouyang', 祁县: 'qixian', 平遥县: 'pingyao', 灵石县: 'lingshi', 介休市: 'jiexiu',
}

/** Full-width letters, digits and punctuation as their ASCII forms; lower case; no spaces. */
const fold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '')

/** A header as compared with the aliases. */
export function normaliseHeader(header: string): string {
  return fold(header).replace(/[_*-]/g, '')
}

function headerField(header: string): Column | undefined {
  const candidates = [normaliseHeader(header)]
  // "纬度(WGS84)", "名称（必填）", "lat 纬度": also try the part outside and inside brackets, and each word.
  const outside = header.replace(/[(（[【].*?[)）\]】]/g, '')
  const inside = [...header.matchAll(/[(（[【](.*?)[)）\]】]/g)].map(m => m[1]!)
  candidates.push(normaliseHeader(outside), ...inside.map(normaliseHeader), ...header.split(/[\s/|]+/).map(normaliseHeader))
  for (const candidate of candidates) {
    if (!candidate) continue
    for (const [field, aliases] of Object.entries(HEADER_ALIASES)) {
      if (aliases.some(alias => normaliseHeader(alias) === candidate)) return field as Column
    }
  }
  return undefined
}

function lookupWord<T extends string>(value: string, keys: readonly T[], words: Record<string, T>): T | undefined {
  const folded = fold(value)
  const key = keys.find(k => k === folded)
  if (key) return key
  for (const [word, target] of Object.entries(words)) if (fold(word) === folded) return target
  return undefined
}

/** Splits a list cell on 、 , ; / | and spaces (full-width forms too). */
export function splitList(value: string): string[] {
  return value.normalize('NFKC').split(/[、,;/|\s]+/).map(v => v.trim()).filter(Boolean)
}

export function parseDistrict(value: string): District | undefined {
  const text = value.normalize('NFKC').replace(/\s+/g, '').replace(/^(山西省)?晋中市/, '')
  for (const name of DISTRICT_NAMES) {
    const short = name.replace(/[区县市]$/, '')
    if (text === name || text === DISTRICTS[name].code || fold(text) === DISTRICT_SLUGS[name] || (short.length > 1 && text === short)) return name
  }
  return undefined
}

const DAYS: Record<string, string> = { 一: 'Mo', 二: 'Tu', 三: 'We', 四: 'Th', 五: 'Fr', 六: 'Sa', 日: 'Su', 天: 'Su' }

/**
 * Opening hours as people write them in a spreadsheet, turned into OpenStreetMap `opening_hours`
 * where that is unambiguous: "24小时"/"全天" → `24/7`, "每天 8:00-20:00" → `Mo-Su 08:00-20:00`,
 * "周一至周五 9:00～17:00" → `Mo-Fr 09:00-17:00`. Anything else is returned as written for the schema to judge.
 */
export function normaliseHours(value: string): string {
  let text = value.normalize('NFKC').trim()
  if (/^(全天|全天候|24小时|24小时开放|全天24小时|24h|24\/7|00:00-24:00)$/i.test(text.replace(/\s+/g, ''))) return '24/7'
  text = text
    .replace(/(\d{1,2}:\d{2})\s*(?:~|至|到|—|–|－)\s*(\d{1,2}:\d{2})/g, '$1-$2')
    .replace(/(?<!\d)(\d):(\d{2})/g, '0$1:$2')
    .replace(/(?:每天|每日)\s*/g, 'Mo-Su ')
    .replace(/工作日\s*/g, 'Mo-Fr ')
    .replace(/(?:周|星期)([一二三四五六日天])\s*(?:至|到|-|~)\s*(?:周|星期)([一二三四五六日天])\s*/g, (_, a: string, b: string) => `${DAYS[a]}-${DAYS[b]} `)
    .replace(/(?:周|星期)([一二三四五六日天])\s*/g, (_, a: string) => `${DAYS[a]} `)
    .replace(/\s*[；;]\s*/g, '; ')
  return text.replace(/\s+/g, ' ').trim()
}

/** `2026/3/5`, `2026.3.5`, `2026年3月5日` → `2026-03-05`; anything else as written. */
export function normaliseDate(value: string): string {
  const m = value.normalize('NFKC').trim().match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/)
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : value.trim()
}

/** A decimal coordinate, or undefined ("37.69", "37.69°", "３７.６９"). */
export function parseCoordinate(value: string): number | undefined {
  const text = value.normalize('NFKC').replace(/[\s°]/g, '')
  return /^-?\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined
}

/** WGS-84 from a point in `crs`, rounded to 6 decimals (about 0.1 m). */
export function toWgs84(point: { lat: number, lng: number }, crs: ImportCrs): { lat: number, lng: number } {
  let wgs = point
  if (crs === 'gcj02') wgs = fromGcj02(point)
  if (crs === 'bd09') {
    const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.BD09, gcoord.WGS84)
    wgs = { lat, lng }
  }
  return { lat: Number(wgs.lat.toFixed(6)), lng: Number(wgs.lng.toFixed(6)) }
}

export function parseCrs(value: string): ImportCrs | undefined {
  return CRS_WORDS[fold(value)]
}

/** The slug of a place's name: its pinyin, without the city or district it repeats, nor the words every station has. */
export function nameSlug(name: string, district: District): string {
  const short = district.replace(/[区县市]$/, '')
  const core = name.replace(/^示例·/, '').replace(/^(山西省)?晋中市/, '')
    .replace(new RegExp(`^${district}|^${short.length > 1 ? short : district}`), '')
    .replace(/(户外劳动者)?(爱心|工会)?驿站$/, '')
  const syllables = pinyin(core || name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
  return syllables.join('').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '')
}

/** A cell as text: trimmed, and without the `'` a spreadsheet export puts before a formula-like cell. */
function cleanCell(raw: string | undefined): string {
  const text = (raw ?? '').trim()
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text
}

/** Decodes a CSV file: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 (GBK, as older Excel saves it). */
export function decodeCsv(bytes: Uint8Array): { text: string, encoding: string } {
  if (bytes[0] === 0xFF && bytes[1] === 0xFE) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' }
  if (bytes[0] === 0xFE && bytes[1] === 0xFF) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' }
  try {
    // TextDecoder drops a UTF-8 BOM by itself.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' }
  }
  catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030 (GBK)' }
  }
}

export interface RowProblem {
  /** Spreadsheet row: the header is row 1, the first record row 2 (0: the file as a whole). */
  line: number
  /** The field (schema path, e.g. `location.lat`) and, when known, the column as headed in the file. */
  field: string
  column?: string
  message: string
}

export interface ImportedPlace {
  line: number
  id: string
  /** Where the file goes (absolute). */
  path: string
  data: StationData
  /** True when this replaces an existing file (only with `replace`). */
  replaces: boolean
}

export interface ImportOptions {
  /** Shown in `source.note` ("FILE.csv 第 N 行"). */
  fileName: string
  /** Coordinate system of rows whose 坐标系 column is absent or empty. */
  crs?: ImportCrs
  /** The content folder: existing ids are read from it; files go to its stations/ or services/ by kind. */
  contentDir: string
  /** Put every file in this folder instead. */
  outDir?: string
  /** Write the good rows even when some are bad. */
  skipBad?: boolean
  /** Check and report, write nothing. */
  dryRun?: boolean
  /** Overwrite files whose id already exists (the same place imported again). */
  replace?: boolean
  /** Paths in messages are relative to this folder. */
  rootDir?: string
}

export interface ImportResult {
  encoding: string
  /** Rows that make valid places. */
  places: ImportedPlace[]
  problems: RowProblem[]
  /** Columns no field is read from. */
  ignoredColumns: string[]
  /** Absolute paths of the files written (none on a dry run or when a row is bad without skipBad). */
  written: string[]
}

interface ExistingFile { id: string, path: string, name?: string }

function existingFiles(contentDir: string): Map<string, ExistingFile> {
  const files = new Map<string, ExistingFile>()
  for (const folder of PLACE_FOLDERS) {
    let names: string[] = []
    try {
      names = readdirSync(join(contentDir, folder)).filter(n => /\.ya?ml$/.test(n))
    }
    catch { /* no such folder yet */ }
    for (const file of names) {
      const path = join(contentDir, folder, file)
      let name: string | undefined
      try {
        name = (parseYaml(readFileSync(path, 'utf8')) as { name?: string } | null)?.name
      }
      catch { /* data:check reports broken files */ }
      files.set(file.replace(/\.ya?ml$/, ''), { id: file.replace(/\.ya?ml$/, ''), path, name })
    }
  }
  return files
}

const sameName = (a: string | undefined, b: string) => !!a && a.replace(/\s+/g, '') === b.replace(/\s+/g, '')

/** Picks the delimiter the header row uses: comma, tab (Excel "Unicode text") or semicolon. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/))
  const counts = [',', '\t', ';'].map(d => [d, header.split(d).length - 1] as const)
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0]
}

/**
 * Reads a CSV export of the union's list and turns each row into a place, checking every row against
 * the station schema. Writes the files (atomically, all or none) unless a row is bad (see `skipBad`)
 * or `dryRun`. Throws only for a file that cannot be read as a list at all (no header, missing columns).
 */
export function importPlaces(bytes: Uint8Array, options: ImportOptions): ImportResult {
  const { text, encoding } = decodeCsv(bytes)
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: delimiterOf(text) })
  const problems: RowProblem[] = parsed.errors
    .filter(e => e.type !== 'Delimiter')
    .map(e => ({ line: (e.row ?? -1) + 1, field: '(整行)', message: `CSV 格式错误: ${e.message}` }))
  const [header = [], ...rows] = parsed.data
  const columns = new Map<Column, number>()
  const ignoredColumns: string[] = []
  for (const [index, raw] of header.entries()) {
    const title = raw.replace(/^\uFEFF/, '').trim()
    if (!title) continue
    const field = headerField(title)
    if (!field) {
      ignoredColumns.push(title)
      continue
    }
    if (columns.has(field)) throw new ImportFileError(`两列都对应 ${field}: 「${header[columns.get(field)!]}」和「${title}」`)
    columns.set(field, index)
  }
  const missing = REQUIRED.filter(field => !columns.has(field))
  if (missing.length) {
    throw new ImportFileError(`缺少必需的列: ${missing.map(f => `${f}（${HEADER_ALIASES[f].find(a => /[\u4e00-\u9fff]/.test(a))}）`).join('、')}`)
  }
  if (!columns.has('crs') && !options.crs) {
    throw new ImportFileError('不知道坐标是哪种坐标系: 请加「坐标系」列（WGS-84 / GCJ-02）或用 --crs wgs84|gcj02 说明。高德、腾讯地图上取的坐标是 GCJ-02。')
  }
  const columnTitle = (field: string) => {
    const key = (field.startsWith('location.') ? field.split('.')[1] : field.split('.')[0]) as Column
    const index = columns.get(key)
    return index === undefined ? undefined : header[index]?.trim()
  }

  const existing = existingFiles(options.contentDir)
  const fromRows = new Map<string, number>()
  const places: ImportedPlace[] = []

  for (const [index, cells] of rows.entries()) {
    const line = index + 2
    if (cells.every(cell => !cell.trim())) continue
    const rowProblems: RowProblem[] = []
    const problem = (field: string, message: string) => rowProblems.push({ line, field, column: columnTitle(field), message })
    const get = (field: Column) => {
      const index = columns.get(field)
      return index === undefined ? '' : cleanCell(cells[index])
    }

    for (const field of ['name', 'address', 'hours', 'operator'] as const) {
      if (!get(field)) problem(field, `缺少${REQUIRED_WORDS[field]}`)
    }
    for (const field of TEXT_FIELDS) {
      if (get(field).startsWith('=')) problem(field, `疑似公式注入: 内容以 = 开头（${get(field).slice(0, 30)}），请改为纯文本`)
    }

    const kindText = get('kind')
    const kind = columns.has('kind') ? lookupWord(kindText, KIND_KEYS, KIND_WORDS) : 'rest-station'
    if (!kind) problem('kind', kindText ? `未知类型「${kindText}」` : '缺少类型')
    const districtText = get('district')
    const district = parseDistrict(districtText)
    if (!district) problem('district', districtText ? `未知区县「${districtText}」（应为晋中的 11 个区县之一）` : '缺少区县')

    const crsText = get('crs')
    const crs = crsText ? parseCrs(crsText) : options.crs
    if (!crs) problem('location', crsText ? `未知坐标系「${crsText}」（可用 WGS-84、GCJ-02、BD-09）` : '坐标系为空，且没有用 --crs 说明')
    const lat = parseCoordinate(get('lat'))
    const lng = parseCoordinate(get('lng'))
    if (lat === undefined) problem('location.lat', get('lat') ? `纬度「${get('lat')}」不是数字` : '缺少纬度')
    if (lng === undefined) problem('location.lng', get('lng') ? `经度「${get('lng')}」不是数字` : '缺少经度')
    let location: { lat: number, lng: number } | undefined
    if (lat !== undefined && lng !== undefined) {
      if (lat > 100 && lng < 60) problem('location', `纬度 ${lat} 和经度 ${lng} 可能填反了`)
      else if (crs) location = toWgs84({ lat, lng }, crs)
    }
    const precisionText = get('precision')
    const precision = precisionText ? lookupWord(precisionText, PRECISION_KEYS, PRECISION_WORDS) : 'exact'
    if (!precision) problem('location.precision', `未知位置精度「${precisionText}」（exact 精确 / approximate 大致）`)

    const amenities: Amenity[] = []
    for (const word of splitList(get('amenities'))) {
      const amenity = lookupWord(word, AMENITY_KEYS, AMENITY_WORDS)
      if (!amenity) problem('amenities', `未知设施「${word}」`)
      else if (!amenities.includes(amenity)) amenities.push(amenity)
    }
    let audience: Audience[] = []
    for (const word of splitList(get('audience'))) {
      const who = lookupWord(word, AUDIENCE_KEYS, AUDIENCE_WORDS)
      if (!who) problem('audience', `未知服务对象「${word}」`)
      else if (!audience.includes(who)) audience.push(who)
    }
    // No 服务对象: rest stations are for outdoor workers, the union's other services for all workers.
    if (!get('audience')) audience = [kind && kind !== 'rest-station' ? 'all-workers' : 'outdoor-workers']

    const statusText = get('status')
    const status = statusText ? lookupWord(statusText, STATUS_KEYS, STATUS_WORDS) : 'open'
    if (!status) problem('status', `未知状态「${statusText}」`)
    const sampleText = fold(get('sample'))
    const sample = ['true', '1', 'yes', '是', '示例'].includes(sampleText)
    if (sampleText && !sample && !['false', '0', 'no', '否'].includes(sampleText)) problem('sample', `sample 应为 true 或 false，得到「${get('sample')}」`)

    const optional = (value: string) => value || undefined
    const input = {
      name: get('name'),
      kind,
      district,
      address: get('address'),
      location: location && { ...location, precision },
      amenities,
      hours: normaliseHours(get('hours')),
      hoursNote: optional(get('hoursNote')),
      phone: optional(get('phone').normalize('NFKC').replace(/[\s()]/g, '')),
      operator: get('operator'),
      audience,
      arrivalHint: optional(get('arrivalHint')),
      description: optional(get('description')),
      status,
      statusNote: optional(get('statusNote')),
      expectedReopen: optional(normaliseDate(get('expectedReopen'))),
      lastVerified: optional(normaliseDate(get('lastVerified'))),
      sample,
      source: { name: IMPORT_SOURCE_NAME, note: `${options.fileName} 第 ${line} 行` },
    }
    const result = StationSchema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)))
    if (!result.success) {
      // Fields already explained above (an unknown word, a missing coordinate) are not repeated.
      const explained = new Set(rowProblems.map(p => p.field.split('.')[0]))
      for (const issue of result.error.issues) {
        const field = issue.path.map(String).join('.') || '(整行)'
        if (!explained.has(field.split('.')[0]!)) problem(field, issue.message)
      }
    }

    // The id: the id column, else district + name in pinyin, unique among existing files and earlier rows.
    let id = get('id')
    let replaces = false
    if (id) {
      const check = StationIdSchema.safeParse(id)
      if (!check.success) problem('id', check.error.issues[0]!.message)
      else if (fromRows.has(id)) problem('id', `id「${id}」与第 ${fromRows.get(id)} 行重复`)
    }
    else if (district) {
      const base = `${DISTRICT_SLUGS[district]}-${nameSlug(get('name'), district)}`.replace(/-+$/, '')
      id = base
      for (let n = 2; fromRows.has(id) || (existing.has(id) && !sameName(existing.get(id)!.name, get('name'))); n++) id = `${base}-${n}`
    }
    const target = id && kind ? join(options.outDir ?? join(options.contentDir, kind === 'rest-station' ? 'stations' : 'services'), `${id}.yml`) : ''
    const taken = id ? existing.get(id) : undefined
    if (taken) {
      const where = relative(options.rootDir ?? process.cwd(), taken.path)
      if (taken.path !== target) problem('id', `id「${id}」已被 ${where} 使用`)
      else if (!options.replace) problem('id', `${where} 已存在（同一地点再次导入？加 --replace 覆盖）`)
      else replaces = true
    }
    if (id) fromRows.set(id, line)

    problems.push(...rowProblems)
    if (!rowProblems.length && result.success) places.push({ line, id, path: target, data: result.data, replaces })
  }

  const rowsBad = problems.length > 0
  const written: string[] = []
  if (!options.dryRun && places.length && (!rowsBad || options.skipBad)) {
    writeFilesAtomically(places.map(p => ({ path: p.path, text: placeToYaml(p.data) })))
    written.push(...places.map(p => p.path))
  }
  return { encoding, places, problems: problems.sort((a, b) => a.line - b.line), ignoredColumns, written }
}

/** The file as a whole cannot be imported (no header, a required column missing, no coordinate system). */
export class ImportFileError extends Error {}

/** One line per problem: `第 5 行 纬度 (location.lat): 纬度不在晋中范围内`. */
export function formatProblem({ line, field, column, message }: RowProblem): string {
  const where = line > 0 ? `第 ${line} 行` : '文件'
  return `${where} ${column && column !== field ? `${column} (${field})` : field}: ${message}`
}
