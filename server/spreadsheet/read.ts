import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { headerField, ImportFileError } from './headers'
import type { RowProblem } from './row'

// A spreadsheet file as rows of text cells: CSV in the encodings Excel and WPS save, or .xlsx.
// Formulas are never evaluated: a formula cell reads as its formula text (`=…`), which the row rules refuse.

/** Rows a file may hold, past its header: more is refused before anything is checked. */
export const MAX_ROWS = 5000

export interface TableRow {
  /** The spreadsheet's own row number (the header's is usually 1). */
  line: number
  cells: string[]
}

export interface Table {
  /** `UTF-8`, `GB18030 (GBK)`, `UTF-16LE`…, or `xlsx`. */
  encoding: string
  header: string[]
  headerLine: number
  rows: TableRow[]
  /** Lines CSV could not read. */
  problems: RowProblem[]
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

/** Picks the delimiter the header row uses: comma, tab (Excel "Unicode text") or semicolon. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/))
  const counts = [',', '\t', ';'].map(d => [d, header.split(d).length - 1] as const)
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0]
}

/** A .xlsx file: a zip archive (PK\x03\x04). */
export const isXlsx = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4B && bytes[2] === 0x03 && bytes[3] === 0x04

/** An old binary .xls (OLE2) file, which is not read: it asks to be saved as .xlsx. */
const isXls = (bytes: Uint8Array) => bytes[0] === 0xD0 && bytes[1] === 0xCF && bytes[2] === 0x11 && bytes[3] === 0xE0

/** An .xlsx cell's value as text: a date as YYYY-MM-DD, rich text joined, a formula as its text. */
export function xlsxCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value !== 'object') return String(value)
  if ('formula' in value || 'sharedFormula' in value) return `=${(value as ExcelJS.CellFormulaValue).formula ?? (value as ExcelJS.CellSharedFormulaValue).sharedFormula ?? ''}`
  if ('richText' in value) return value.richText.map(part => part.text).join('')
  if ('text' in value) return String(value.text)
  if ('error' in value) return String(value.error)
  return ''
}

async function readXlsx(bytes: Uint8Array): Promise<{ rows: string[][], lines: number[] }> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never)
  }
  catch {
    throw new ImportFileError('无法读取这个 Excel 文件：文件可能已损坏，或不是 .xlsx 格式', 'IMPORT_UNREADABLE')
  }
  // The first sheet that holds anything (a workbook often keeps empty Sheet2, Sheet3).
  const sheet = workbook.worksheets.find(ws => ws.state === 'visible' && ws.actualRowCount > 0)
  if (!sheet) throw new ImportFileError('这个 Excel 文件是空的', 'IMPORT_EMPTY')
  if (sheet.actualRowCount > MAX_ROWS + 20) throw tooManyRows()
  const rows: string[][] = []
  const lines: number[] = []
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = xlsxCellText(cell.value)
    })
    rows.push(Array.from(cells, cell => cell ?? ''))
    lines.push(line)
  })
  return { rows, lines }
}

const tooManyRows = () => new ImportFileError(`一次最多导入 ${MAX_ROWS} 行：请把文件分成几个较小的文件`, 'IMPORT_TOO_MANY_ROWS')

/**
 * Reads a spreadsheet file into rows of text. The header is the one of the top ten rows that names the
 * most known columns (a title row above it, as union lists often have, is skipped).
 */
export async function readTable(bytes: Uint8Array): Promise<Table> {
  if (isXls(bytes)) throw new ImportFileError('不能读取旧版 .xls 文件：请在 Excel 或 WPS 里「另存为」.xlsx 或 CSV UTF-8 后再导入', 'IMPORT_UNREADABLE')
  let data: string[][]
  let lines: number[]
  let encoding: string
  const problems: RowProblem[] = []
  if (isXlsx(bytes)) {
    ;({ rows: data, lines } = await readXlsx(bytes))
    encoding = 'xlsx'
  }
  else {
    const decoded = decodeCsv(bytes)
    if (decoded.text.includes('\0')) throw new ImportFileError('这不是表格文件：请上传 .xlsx 或 .csv', 'IMPORT_UNREADABLE')
    const parsed = Papa.parse<string[]>(decoded.text, { header: false, skipEmptyLines: false, delimiter: delimiterOf(decoded.text) })
    problems.push(...parsed.errors.filter(e => e.type !== 'Delimiter')
      .map(e => ({ line: (e.row ?? -1) + 1, field: '(整行)', message: `CSV 格式错误: ${e.message}` })))
    data = parsed.data
    lines = data.map((_, index) => index + 1)
    encoding = decoded.encoding
  }
  const known = (row: string[]) => row.filter(cell => cell.trim() && headerField(cell.replace(/^\uFEFF/, '').trim())).length
  const counts = data.slice(0, 10).map(known)
  const headerIndex = counts.indexOf(Math.max(0, ...counts))
  if (!counts[headerIndex]) throw new ImportFileError('找不到表头：前 10 行里没有一行写着「名称」「地址」「纬度」「经度」这样的列名', 'IMPORT_NO_HEADER')
  const rows = data.slice(headerIndex + 1).map((cells, index) => ({ line: lines[headerIndex + 1 + index]!, cells }))
    .filter(row => row.cells.some(cell => cell.trim()))
  if (rows.length > MAX_ROWS) throw tooManyRows()
  return { encoding, header: data[headerIndex]!, headerLine: lines[headerIndex]!, rows, problems }
}
