// Which column of the union's spreadsheet holds which field of a place: header names in Chinese or
// English, as people write them ("纬度(WGS84)", "名称（必填）", "Latitude").

/** A field of a place that a column can fill. */
export type Column
  = | 'id' | 'name' | 'kind' | 'district' | 'address' | 'lat' | 'lng' | 'crs' | 'precision' | 'amenities'
    | 'hours' | 'hoursNote' | 'phone' | 'operator' | 'audience' | 'arrivalHint' | 'description' | 'status'
    | 'statusNote' | 'expectedReopen' | 'lastVerified' | 'sample'

/**
 * Header names per field, compared after normaliseHeader (case, spaces, `_`, `-`, `*` and full-width
 * forms ignored). The first Chinese name is the header exports write, in this order.
 */
export const HEADER_ALIASES: Record<Column, string[]> = {
  id: ['编号', 'id', '标识', '站点编号'],
  name: ['名称', 'name', '站点名称', '驿站名称', '地点名称'],
  kind: ['类型', 'kind', 'type', '类别', '站点类型'],
  district: ['区县', 'district', '县区', '所在区县', '县(市、区)', '县市区', '区域'],
  address: ['地址', 'address', '详细地址', '站点地址'],
  lat: ['纬度', 'lat', 'latitude'],
  lng: ['经度', 'lng', 'lon', 'long', 'longitude'],
  crs: ['坐标系', 'crs', 'coordinatesystem'],
  precision: ['位置精度', 'precision', '精度'],
  amenities: ['设施', 'amenities', 'facilities', '服务设施', '配套设施'],
  hours: ['开放时间', 'hours', 'openinghours', '营业时间', '服务时间'],
  hoursNote: ['开放时间说明', 'hoursnote', '时间说明'],
  phone: ['联系电话', 'phone', 'tel', 'telephone', '电话'],
  operator: ['运营单位', 'operator', '管理单位', '建设单位', '主办单位'],
  audience: ['服务对象', 'audience'],
  arrivalHint: ['到达提示', 'arrivalhint', '位置提示', '怎么找'],
  description: ['说明', 'description', '备注', '简介'],
  status: ['状态', 'status', '服务状态'],
  statusNote: ['状态说明', 'statusnote'],
  expectedReopen: ['预计恢复日期', 'expectedreopen'],
  lastVerified: ['核实日期', 'lastverified', '最后核实日期', '核实时间'],
  sample: ['示例', 'sample'],
}

/** Every column, in the order exports write them. */
export const COLUMNS = Object.keys(HEADER_ALIASES) as Column[]

/**
 * Columns an import reads but exports do not write: where a place is, as a county code (区县代码) or
 * as province and city names beside its 区县 (a national list names many 城区 and 新华区). Either
 * 区县 or 区县代码 is required.
 */
export type LocatorColumn = 'districtCode' | 'province' | 'city'
export const LOCATOR_ALIASES: Record<LocatorColumn, string[]> = {
  districtCode: ['区县代码', 'districtcode', '区划代码', '行政区划代码', '县级代码', 'adcode'],
  province: ['省', 'province', '省份', '省(自治区、直辖市)', '省区市', '所在省'],
  city: ['市', 'city', '地市', '城市', '地级市', '市(地、州、盟)', '所在市'],
}

/** A column an import reads. */
export type ReadColumn = Column | LocatorColumn

const ALIASES = { ...HEADER_ALIASES, ...LOCATOR_ALIASES } as Record<ReadColumn, string[]>

/** The header a column is named by in messages: the export's, or the first alias of a locator column. */
const titleOf = (column: ReadColumn) => ALIASES[column][0]!

/** The header an export writes for a column. */
export const headerOf = (column: Column) => HEADER_ALIASES[column][0]!

/** Columns a file must have (kind and audience have defaults; see README). */
export const REQUIRED_COLUMNS: Column[] = ['name', 'district', 'address', 'lat', 'lng', 'hours', 'operator']

/** The file as a whole cannot be imported (no header, a required column missing, no coordinate system). */
export class ImportFileError extends Error {
  constructor(message: string, readonly code = 'IMPORT_FILE_INVALID') {
    super(message)
  }
}

/** A header as compared with the aliases. */
export function normaliseHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/[_*-]/g, '')
}

/** The field a header names, if any. */
export function headerField(header: string): ReadColumn | undefined {
  const candidates = [normaliseHeader(header)]
  // "纬度(WGS84)", "名称（必填）", "lat 纬度": also try the part outside and inside brackets, and each word.
  const outside = header.replace(/[(（[【].*?[)）\]】]/g, '')
  const inside = [...header.matchAll(/[(（[【](.*?)[)）\]】]/g)].map(m => m[1]!)
  candidates.push(normaliseHeader(outside), ...inside.map(normaliseHeader), ...header.split(/[\s/|]+/).map(normaliseHeader))
  for (const candidate of candidates) {
    if (!candidate) continue
    for (const [field, aliases] of Object.entries(ALIASES)) {
      if (aliases.some(alias => normaliseHeader(alias) === candidate)) return field as ReadColumn
    }
  }
  return undefined
}

/** Where each field is in a file's rows, and the columns nothing is read from. */
export interface ColumnMap {
  index: Map<ReadColumn, number>
  /** The header as the file writes it, for messages. */
  title: (column: ReadColumn) => string | undefined
  ignored: string[]
}

/**
 * Reads the header row. Throws ImportFileError when two columns name one field or a required
 * column is missing (with its Chinese name, so the person knows what to add).
 */
export function matchHeader(header: readonly string[]): ColumnMap {
  const index = new Map<ReadColumn, number>()
  const ignored: string[] = []
  for (const [position, raw] of header.entries()) {
    const title = raw.replace(/^\uFEFF/, '').trim()
    if (!title) continue
    const field = headerField(title)
    if (!field) {
      ignored.push(title)
      continue
    }
    if (index.has(field)) throw new ImportFileError(`两列都对应「${titleOf(field)}」: 「${header[index.get(field)!]}」和「${title}」`, 'IMPORT_DUPLICATE_COLUMN')
    index.set(field, position)
  }
  const missing = REQUIRED_COLUMNS.filter(field => !index.has(field) && !(field === 'district' && index.has('districtCode')))
  if (missing.length) throw new ImportFileError(`缺少必需的列: ${missing.map(headerOf).join('、')}`, 'IMPORT_MISSING_COLUMNS')
  return {
    index,
    ignored,
    title: column => (index.has(column) ? header[index.get(column)!]?.replace(/^\uFEFF/, '').trim() : undefined),
  }
}
