import { pinyin } from 'pinyin-pro'
import { INPUT_CRS, type InputCrs } from '../../shared/utils/coords'
import {
  AMENITY_KEYS, AUDIENCE_KEYS, KIND_KEYS, PRECISION_KEYS, STATUS_KEYS,
  type Amenity, type Audience, type District, type Kind, type Precision, type Status,
} from '../../shared/utils/vocabulary'
import { county, lookupCounty } from '../regions/divisions'
import { currentRegion } from '../regions/region'

// The words people write in the union's spreadsheets, read as the app's vocabularies, and the one word
// per key the app writes back (the first of each map), so an exported file reads back to the same data.

/**
 * Chinese words for the vocabularies (the interface's labels in i18n/locales/zh-CN.json, plus common
 * synonyms). The first word of each key is the one exports write.
 */
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

export const STATUS_WORDS: Record<string, Status> = {
  正常服务: 'open', 正常: 'open', 开放: 'open',
  暂停服务: 'temporarily-closed', 暂停: 'temporarily-closed',
  已关闭: 'closed', 关闭: 'closed', 停用: 'closed',
}

export const PRECISION_WORDS: Record<string, Precision> = {
  精确: 'exact', 位置已核实: 'exact', 准确: 'exact',
  大致: 'approximate', 位置为大致位置: 'approximate', 大致位置: 'approximate', 近似: 'approximate',
}

const CRS_WORDS: Record<string, InputCrs> = {
  'wgs84': 'wgs84', 'wgs-84': 'wgs84', 'gps': 'wgs84', '天地图': 'wgs84', 'cgcs2000': 'wgs84', 'osm': 'wgs84',
  'gcj02': 'gcj02', 'gcj-02': 'gcj02', '高德': 'gcj02', '腾讯': 'gcj02', '火星坐标': 'gcj02',
  'bd09': 'bd09', 'bd-09': 'bd09', '百度': 'bd09',
}

/** How exports name a coordinate system (and imports read back). */
export const CRS_LABELS: Record<InputCrs, string> = { wgs84: 'WGS-84', gcj02: 'GCJ-02', bd09: 'BD-09' }

/** The word an export writes for a key: the first word of its map. */
export function wordFor<T extends string>(key: T, words: Record<string, T>): string {
  return Object.keys(words).find(word => words[word] === key) ?? key
}

export const SAMPLE_WORDS = { yes: '是', no: '否' } as const

/** Full-width letters, digits and punctuation as their ASCII forms; lower case; no spaces. */
export const fold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '')

// Each vocabulary's words folded once: a national list looks up about a million words (issue 10).
const foldedWords = new WeakMap<Record<string, string>, Map<string, string>>()

/** A vocabulary key from itself or one of its words (case, width and spaces ignored). */
export function lookupWord<T extends string>(value: string, keys: readonly T[], words: Record<string, T>): T | undefined {
  const folded = fold(value)
  const key = keys.find(k => k === folded)
  if (key) return key
  let byWord = foldedWords.get(words)
  if (!byWord) {
    byWord = new Map()
    for (const [word, target] of Object.entries(words)) if (!byWord.has(fold(word))) byWord.set(fold(word), target)
    foldedWords.set(words, byWord)
  }
  return byWord.get(folded) as T | undefined
}

export const parseKind = (value: string) => lookupWord(value, KIND_KEYS, KIND_WORDS)
export const parseAmenity = (value: string) => lookupWord(value, AMENITY_KEYS, AMENITY_WORDS)
export const parseAudience = (value: string) => lookupWord(value, AUDIENCE_KEYS, AUDIENCE_WORDS)
export const parseStatus = (value: string) => lookupWord(value, STATUS_KEYS, STATUS_WORDS)
export const parsePrecision = (value: string) => lookupWord(value, PRECISION_KEYS, PRECISION_WORDS)

/** true, false, or undefined for a word that is neither. */
export function parseYesNo(value: string): boolean | undefined {
  const folded = fold(value)
  if (['true', '1', 'yes', '是', '示例'].includes(folded)) return true
  if (['false', '0', 'no', '否'].includes(folded)) return false
  return undefined
}

/** Splits a list cell on 、 , ; / | and spaces (full-width forms too). */
export function splitList(value: string): string[] {
  return value.normalize('NFKC').split(/[、,;/|\s]+/).map(v => v.trim()).filter(Boolean)
}

const slugs = new Map<string, string>()

/**
 * A district's slug for generated ids: the pinyin of its name without 区/县/市, or of the whole name
 * when that leaves one character (榆次区 → yuci, 祁县 → qixian).
 */
export function districtSlug(code: District): string {
  let slug = slugs.get(code)
  if (slug === undefined) {
    const name = county(code)?.name ?? code
    const short = name.replace(/[区县市旗]$/, '')
    slug = pinyin(short.length > 1 ? short : name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join('').toLowerCase().replace(/[^a-z0-9]+/g, '')
    slugs.set(code, slug)
  }
  return slug
}

/**
 * A district of the region from its code, name or short name, with or without its province and city
 * before it (山西省太原市小店区), or its slug (`jiexiu`); else why not, in Chinese (an ambiguous name
 * lists its candidates).
 */
export function readDistrict(value: string, region = currentRegion().code): { code: District, error?: undefined } | { code?: undefined, error: string } {
  const found = lookupCounty(value, region)
  if (found.county) return { code: found.county.code }
  const folded = fold(value)
  const bySlug = /^[a-z]+$/.test(folded) ? currentRegion().districts.filter(d => districtSlug(d.code) === folded) : []
  if (bySlug.length === 1) return { code: bySlug[0]!.code }
  return { error: found.error.message }
}

/** A district's code from what a spreadsheet says, or undefined (readDistrict says why). */
export function parseDistrict(value: string, region?: string): District | undefined {
  return readDistrict(value, region).code
}

export function parseCrs(value: string): InputCrs | undefined {
  const folded = fold(value)
  return INPUT_CRS.find(crs => crs === folded) ?? CRS_WORDS[folded]
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
