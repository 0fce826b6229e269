import ExcelJS from 'exceljs'
import type { StationData } from '../../shared/schemas/station'
import { csvField, neutraliseCsvCell } from '../../shared/utils/open-data'
import { districtText } from '../regions/region'
import { COLUMNS, headerOf, type Column } from './headers'
import { AMENITY_WORDS, AUDIENCE_WORDS, CRS_LABELS, KIND_WORDS, PRECISION_WORDS, SAMPLE_WORDS, STATUS_WORDS, wordFor } from './words'

// The dataset as the union's spreadsheet: the import's headers and words, so a file downloaded,
// edited in Excel or WPS and uploaded again changes exactly what was edited.

export type TablePlace = StationData & { id: string }

/** An extra last column for staff: whether the station is retired (the import ignores it). */
export const RETIRED_HEADER = '已下线'

/** A place's cells by column: text, and the coordinates as numbers (WGS-84, as stored). */
export function placeCells(place: TablePlace): Record<Column, string | number> {
  return {
    id: place.id,
    name: place.name,
    kind: wordFor(place.kind, KIND_WORDS),
    district: districtText(place.district),
    address: place.address,
    lat: place.location.lat,
    lng: place.location.lng,
    crs: CRS_LABELS.wgs84,
    precision: wordFor(place.location.precision, PRECISION_WORDS),
    amenities: place.amenities.map(key => wordFor(key, AMENITY_WORDS)).join('、'),
    hours: place.hours,
    hoursNote: place.hoursNote ?? '',
    phone: place.phone ?? '',
    operator: place.operator,
    audience: place.audience.map(key => wordFor(key, AUDIENCE_WORDS)).join('、'),
    arrivalHint: place.arrivalHint ?? '',
    description: place.description ?? '',
    status: wordFor(place.status, STATUS_WORDS),
    statusNote: place.statusNote ?? '',
    expectedReopen: place.expectedReopen ?? '',
    lastVerified: place.lastVerified ?? '',
    sample: place.sample ? SAMPLE_WORDS.yes : SAMPLE_WORDS.no,
  }
}

const retiredWord = (retired: boolean) => (retired ? SAMPLE_WORDS.yes : SAMPLE_WORDS.no)

/**
 * The places as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese right), CRLF line ends,
 * every text cell neutralised against formulas (the import takes the `'` off again).
 */
export function placesToCsv(places: readonly TablePlace[], retired?: ReadonlySet<string>): string {
  const header = COLUMNS.map(headerOf)
  const lines = [(retired ? [...header, RETIRED_HEADER] : header).map(csvField).join(',')]
  for (const place of places) {
    const cells = placeCells(place)
    const row = COLUMNS.map(column => (typeof cells[column] === 'number' ? String(cells[column]) : csvField(neutraliseCsvCell(cells[column] as string))))
    if (retired) row.push(retiredWord(retired.has(place.id)))
    lines.push(row.join(','))
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** Column widths in characters, so the file opens readable. */
const WIDTHS: Partial<Record<Column, number>> = { id: 22, name: 28, address: 36, amenities: 30, hours: 22, operator: 24, audience: 16, description: 30, arrivalHint: 24 }

/**
 * The places as an .xlsx workbook: one sheet, the header frozen, text cells stored as text (a phone
 * number keeps its leading 0), coordinates as numbers. No cell is a formula.
 */
export async function placesToXlsx(places: readonly TablePlace[], retired?: ReadonlySet<string>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '驿站地图'
  const sheet = workbook.addWorksheet('站点', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = [...COLUMNS.map(column => ({
    header: headerOf(column),
    key: column,
    width: WIDTHS[column] ?? Math.max(10, headerOf(column).length * 2 + 2),
    style: column === 'lat' || column === 'lng' ? { numFmt: '0.000000' } : { numFmt: '@' },
  })), ...(retired ? [{ header: RETIRED_HEADER, key: 'retired', width: 8, style: { numFmt: '@' } }] : [])]
  sheet.getRow(1).font = { bold: true }
  for (const place of places) {
    sheet.addRow({ ...placeCells(place), ...(retired ? { retired: retiredWord(retired.has(place.id)) } : {}) })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
