import { StationSchema, type StationData } from '../../shared/schemas/station'
import { toWgs84, type InputCrs } from '../../shared/utils/coords'
import type { Amenity, Audience, Kind } from '../../shared/utils/vocabulary'
import type { ColumnMap, ReadColumn } from './headers'
import {
  normaliseDate, normaliseHours, parseAmenity, parseAudience, parseCoordinate, parseCrs, parseKind, readDistrict,
  parsePrecision, parseStatus, parseYesNo, splitList,
} from './words'

// One row of the union's spreadsheet to the fields of a place, with a reason in Chinese for every cell
// that cannot be read. The same rules serve `npm run data:import` and the workspace's import page.

export interface RowProblem {
  /** Spreadsheet row: the header is row 1, the first record row 2 (0: the file as a whole). */
  line: number
  /** The field (schema path, e.g. `location.lat`) and, when known, the column as headed in the file. */
  field: string
  column?: string
  message: string
}

/**
 * A row read: the fields its columns give (`null` for an empty optional cell: the field is absent),
 * its id cell, and what is wrong with it. Fields whose column the file lacks are left out, so a row
 * laid over an existing station changes only what the file has.
 */
export interface ReadRow {
  line: number
  id: string
  fields: Partial<Record<keyof StationData, unknown>>
  problems: RowProblem[]
}

const REQUIRED_WORDS = { name: '名称', address: '地址', hours: '开放时间', operator: '运营单位' } as const

/** A cell as text: trimmed, and without the `'` a spreadsheet export puts before a formula-like cell. */
export function cleanCell(raw: string | undefined): string {
  const text = (raw ?? '').trim()
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text
}

/** The field of the station schema a column fills. */
function fieldOfColumn(column: ReadColumn): string {
  return column === 'lat' || column === 'lng' || column === 'precision' ? `location.${column}` : column
}

/**
 * Reads one row. `crs` is the coordinate system of a row whose 坐标系 cell is empty (or of every row
 * when the file has no such column).
 */
export function readRow(cells: readonly string[], line: number, columns: ColumnMap, crs: InputCrs | undefined): ReadRow {
  const problems: RowProblem[] = []
  const has = (column: ReadColumn) => columns.index.has(column)
  const get = (column: ReadColumn) => (has(column) ? cleanCell(cells[columns.index.get(column)!]) : '')
  const problem = (field: string, message: string) => {
    const column = (field.startsWith('location.') ? field.split('.')[1] : field.split('.')[0]) as ReadColumn
    problems.push({ line, field, column: columns.title(column), message })
  }
  const fields: ReadRow['fields'] = {}
  const optional = (value: string) => value || null

  // A formula is never evaluated, and a text starting with = is one someone slipped in, not data.
  for (const column of columns.index.keys()) {
    if (get(column).startsWith('=')) problem(fieldOfColumn(column), `疑似公式注入：内容以 = 开头（${get(column).slice(0, 30)}）。不会计算公式，请改为纯文本或「粘贴为数值」`)
  }
  const formula = new Set(problems.map(p => p.field))
  const text = (column: ReadColumn) => (formula.has(fieldOfColumn(column)) ? '' : get(column))

  for (const column of ['name', 'address', 'hours', 'operator'] as const) {
    if (!has(column)) continue
    if (!text(column) && !formula.has(column)) problem(column, `缺少${REQUIRED_WORDS[column]}`)
  }
  if (has('name')) fields.name = text('name')
  if (has('address')) fields.address = text('address')
  if (has('hours')) fields.hours = normaliseHours(text('hours'))
  if (has('operator')) fields.operator = text('operator')

  if (has('kind')) {
    const kind = parseKind(text('kind'))
    if (!kind) problem('kind', text('kind') ? `未知类型「${text('kind')}」` : '缺少类型')
    fields.kind = kind
  }
  if (has('district') || has('districtCode')) {
    // A 区县代码 when given, else the 区县 with its 省 and 市 before it (山西省太原市小店区), as a national list needs.
    const province = text('province')
    const city = ['市辖区', province].includes(text('city')) ? '' : text('city')
    const written = text('districtCode') || (text('district') && `${province}${city}${text('district')}`)
    const { code: district, error } = written ? readDistrict(written) : { error: '缺少区县' }
    const column = text('districtCode') || !has('district') ? 'districtCode' : 'district'
    if (error) problems.push({ line, field: 'district', column: columns.title(column), message: error })
    fields.district = district
  }

  const crsText = text('crs')
  const rowCrs = crsText ? parseCrs(crsText) : crs
  const lat = parseCoordinate(text('lat'))
  const lng = parseCoordinate(text('lng'))
  if (lat === undefined && !formula.has('location.lat')) problem('location.lat', text('lat') ? `纬度「${text('lat')}」不是数字` : '缺少纬度')
  if (lng === undefined && !formula.has('location.lng')) problem('location.lng', text('lng') ? `经度「${text('lng')}」不是数字` : '缺少经度')
  if (!rowCrs) problem('location', crsText ? `未知坐标系「${crsText}」（可用 WGS-84、GCJ-02、BD-09）` : '坐标系为空，也没有说明整个文件用哪种坐标系')
  const location: Record<string, unknown> = {}
  if (lat !== undefined && lng !== undefined) {
    if (lat > 100 && lng < 60) problem('location', `纬度 ${lat} 和经度 ${lng} 可能填反了`)
    else if (rowCrs) {
      // WGS-84 as written; a conversion is rounded to 6 decimals (about 0.1 m).
      const wgs = rowCrs === 'wgs84' ? { lat, lng } : toWgs84({ lat, lng }, rowCrs)
      Object.assign(location, rowCrs === 'wgs84' ? wgs : { lat: Number(wgs.lat.toFixed(6)), lng: Number(wgs.lng.toFixed(6)) })
    }
  }
  if (has('precision') && text('precision')) {
    const precision = parsePrecision(text('precision'))
    if (!precision) problem('location.precision', `未知位置精度「${text('precision')}」（精确 / 大致）`)
    location.precision = precision
  }
  fields.location = location

  if (has('amenities')) {
    const amenities: Amenity[] = []
    for (const word of splitList(text('amenities'))) {
      const amenity = parseAmenity(word)
      if (!amenity) problem('amenities', `未知设施「${word}」`)
      else if (!amenities.includes(amenity)) amenities.push(amenity)
    }
    fields.amenities = amenities
  }
  if (has('audience') && text('audience')) {
    const audience: Audience[] = []
    for (const word of splitList(text('audience'))) {
      const who = parseAudience(word)
      if (!who) problem('audience', `未知服务对象「${word}」`)
      else if (!audience.includes(who)) audience.push(who)
    }
    fields.audience = audience
  }
  if (has('status') && text('status')) {
    const status = parseStatus(text('status'))
    if (!status) problem('status', `未知状态「${text('status')}」`)
    fields.status = status
  }
  if (has('sample') && text('sample')) {
    const sample = parseYesNo(text('sample'))
    if (sample === undefined) problem('sample', `示例应为「是」或「否」，得到「${text('sample')}」`)
    fields.sample = sample
  }
  if (has('phone')) fields.phone = optional(text('phone').normalize('NFKC').replace(/[\s()]/g, ''))
  for (const column of ['hoursNote', 'arrivalHint', 'description', 'statusNote'] as const) {
    if (has(column)) fields[column] = optional(text(column))
  }
  for (const column of ['expectedReopen', 'lastVerified'] as const) {
    if (has(column)) fields[column] = optional(normaliseDate(text(column)))
  }
  return { line, id: get('id'), fields, problems }
}

/** What a new place gets for a column its file does not have (or an empty kind-independent cell). */
export function withDefaults(fields: ReadRow['fields']): Record<string, unknown> {
  const kind = (fields.kind ?? 'rest-station') as Kind
  const location = fields.location as Record<string, unknown> | undefined
  return {
    kind,
    amenities: [],
    // No 服务对象: rest stations are for outdoor workers, the union's other services for all workers.
    audience: [kind === 'rest-station' ? 'outdoor-workers' : 'all-workers'],
    status: 'open',
    sample: false,
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)),
    location: { precision: 'exact', ...location },
  }
}

/**
 * A row's fields laid over a station: a field the row has replaces the station's, an empty cell
 * removes an optional field, the location keeps the precision when the file does not give one.
 */
export function layRow(station: StationData, fields: ReadRow['fields']): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...station, ...fields }
  merged.location = { ...station.location, ...(fields.location as object | undefined) }
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null && value !== undefined))
}

/**
 * Checks a place against the station schema. Problems of fields the row already explained (an
 * unknown word, a missing coordinate) are not repeated.
 */
export function checkPlace(input: Record<string, unknown>, row: ReadRow, columns: ColumnMap): { data?: StationData, problems: RowProblem[] } {
  const result = StationSchema.safeParse(input)
  if (result.success) return { data: result.data, problems: [] }
  const explained = new Set(row.problems.map(p => p.field.split('.')[0]))
  const problems: RowProblem[] = []
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || '(整行)'
    if (explained.has(field.split('.')[0]!)) continue
    const column = (field.startsWith('location.') ? field.split('.')[1] : field.split('.')[0]) as ReadColumn
    problems.push({ line: row.line, field, column: columns.title(column), message: issue.message })
  }
  return { problems }
}

/** One line per problem: `第 5 行 纬度 (location.lat): 纬度不在山西范围内`. */
export function formatProblem({ line, field, column, message }: RowProblem): string {
  const where = line > 0 ? `第 ${line} 行` : '文件'
  return `${where} ${column && column !== field ? `${column} (${field})` : field}: ${message}`
}
