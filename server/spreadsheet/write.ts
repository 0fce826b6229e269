import type { EventEmitter } from 'node:events'
import { PassThrough, type Writable } from 'node:stream'
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

/** One row of the CSV (no line end). */
function csvRow(place: TablePlace, retired?: ReadonlySet<string>): string {
  const cells = placeCells(place)
  const row = COLUMNS.map(column => (typeof cells[column] === 'number' ? String(cells[column]) : csvField(neutraliseCsvCell(cells[column] as string))))
  if (retired) row.push(retiredWord(retired.has(place.id)))
  return row.join(',')
}

/** Rows of the CSV written per chunk: about 100 KB. */
const CSV_ROWS_PER_CHUNK = 250

/**
 * The places as CSV, a few hundred rows per chunk: UTF-8 with a byte-order mark (so Excel reads the
 * Chinese right), CRLF line ends, every text cell neutralised against formulas (the import takes the
 * `'` off again). Bytes, so no chunk's string waits for the socket (server/utils/stations/open-data.ts).
 */
export function* placesCsvChunks(places: readonly TablePlace[], retired?: ReadonlySet<string>): Generator<Buffer> {
  const header = COLUMNS.map(headerOf)
  yield Buffer.from(`\uFEFF${(retired ? [...header, RETIRED_HEADER] : header).map(csvField).join(',')}\r\n`)
  for (let from = 0; from < places.length; from += CSV_ROWS_PER_CHUNK) {
    yield Buffer.from(places.slice(from, from + CSV_ROWS_PER_CHUNK).map(place => `${csvRow(place, retired)}\r\n`).join(''))
  }
}

/** The places as one CSV text (placesCsvChunks), for a few places. */
export function placesToCsv(places: readonly TablePlace[], retired?: ReadonlySet<string>): string {
  return Buffer.concat([...placesCsvChunks(places, retired)]).toString('utf8')
}

/** Column widths in characters, so the file opens readable. */
const WIDTHS: Partial<Record<Column, number>> = { id: 22, name: 28, address: 36, amenities: 30, hours: 22, operator: 24, audience: 16, description: 30, arrivalHint: 24 }

/** What a Writable of the `readable-stream` package (which ExcelJS's zip uses) tells of its buffer. */
type OldWritable = EventEmitter & { _writableState?: { length: number, needDrain: boolean } }

/**
 * Where the zip takes a sheet's XML in: ExcelJS hands the XML on without waiting for it (its StreamBuf
 * ignores what write() answers), so rows made faster than deflate compresses them pile up there: 200 MB
 * of buffers, the server's RSS 580 MB, while the national list was written. ExcelJS's private shape (a
 * unit test fails if a new version changes it).
 */
export function zipIntake(sheet: ExcelJS.Worksheet): OldWritable | undefined {
  const intake = (sheet as unknown as { stream?: { pipes?: OldWritable[] } }).stream?.pipes?.[0]
  return intake?._writableState ? intake : undefined
}

/** The sheet's XML the zip may hold not yet compressed: deflate keeps up with the rows, memory stays flat. */
const INTAKE_LIMIT = 1 << 20

/**
 * A pause: until `output` drains when its reader is behind (or is closed), then while the zip's
 * `intake` holds more than INTAKE_LIMIT (deflate is behind), else until the event loop's next turn.
 * The intake is looked at every few milliseconds rather than waited for: its 'drain' did not always
 * come (a writer waited forever).
 */
async function turn(output: Writable, intake?: OldWritable): Promise<void> {
  if (output.writableNeedDrain) {
    await new Promise<void>((done) => {
      const go = () => {
        output.off('drain', go).off('close', go)
        done()
      }
      output.on('drain', go).on('close', go)
    })
  }
  const behind = () => (intake?._writableState?.length ?? 0) > INTAKE_LIMIT && !output.destroyed
  if (!behind()) return new Promise(done => setImmediate(done))
  while (behind()) await new Promise(done => setTimeout(done, 2))
}

/** Rows written between two pauses: the event loop answers other requests, and a slow reader is waited for. */
const ROWS_PER_TURN = 200

/**
 * Writes the places to `output` as an .xlsx workbook: one sheet, the header frozen, text cells stored
 * as text (a phone number keeps its leading 0), coordinates as numbers. No cell is a formula. Row by
 * row, through ExcelJS's streaming writer: the whole workbook in memory took 3.4 s and 530 MB for
 * 20,000 rows (186,100 would not fit the server's heap), in one task. Resolves once `output` is ended.
 */
export async function writePlacesXlsx(places: readonly TablePlace[], retired: ReadonlySet<string> | undefined, output: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false })
  workbook.creator = '驿站地图'
  const sheet = workbook.addWorksheet('站点', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = [...COLUMNS.map(column => ({
    header: headerOf(column),
    key: column,
    width: WIDTHS[column] ?? Math.max(10, headerOf(column).length * 2 + 2),
    style: column === 'lat' || column === 'lng' ? { numFmt: '0.000000' } : { numFmt: '@' },
  })), ...(retired ? [{ header: RETIRED_HEADER, key: 'retired', width: 8, style: { numFmt: '@' } }] : [])]
  sheet.getRow(1).font = { bold: true }
  const intake = zipIntake(sheet)
  for (const [i, place] of places.entries()) {
    sheet.addRow({ ...placeCells(place), ...(retired ? { retired: retiredWord(retired.has(place.id)) } : {}) }).commit()
    if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) {
      await turn(output, intake)
      // The reader went away (a download cancelled): nothing more to write.
      if (output.destroyed) return
    }
  }
  sheet.commit()
  await workbook.commit()
}

/** The places as an .xlsx workbook in one buffer (writePlacesXlsx), for a few places. */
export async function placesToXlsx(places: readonly TablePlace[], retired?: ReadonlySet<string>): Promise<Buffer> {
  const chunks: Buffer[] = []
  const sink = new PassThrough().on('data', (chunk: Buffer) => chunks.push(chunk))
  await writePlacesXlsx(places, retired, sink)
  return Buffer.concat(chunks)
}
