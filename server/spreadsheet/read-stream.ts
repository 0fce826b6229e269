import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { Transform } from 'node:stream'
import Papa from 'papaparse'
import { headerField, ImportFileError } from './headers'
import { isXlsx, type TableRow } from './read'
import type { RowProblem } from './row'

// A CSV file of any size as rows, read as it streams (issue 10: a national list of 186,100 places):
// the same encodings, delimiters and header rules as readTable, with memory for one chunk at a time.

/** How many bytes decide the encoding (UTF-8 unless they are not valid UTF-8). */
const SNIFF_BYTES = 64 * 1024
/** Rows parsed ahead of the reader before the parser pauses. */
const QUEUE_ROWS = 2000

export interface StreamedTable {
  encoding: string
  header: string[]
  headerLine: number
  /** The record rows after the header, empty rows left out; CSV problems come as `problems` of their row. */
  rows: AsyncGenerator<TableRow & { problems: RowProblem[] }>
}

async function firstBytes(path: string, size: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of createReadStream(path, { start: 0, end: size - 1 })) {
    chunks.push(chunk as Buffer)
    length += (chunk as Buffer).length
  }
  return Buffer.concat(chunks, length)
}

/** The encoding of a CSV file from its first bytes, as decodeCsv decides it for a whole file. */
function sniffEncoding(head: Buffer): { label: string, name: string, skip: number } {
  if (head[0] === 0xFF && head[1] === 0xFE) return { label: 'utf-16le', name: 'UTF-16LE', skip: 2 }
  if (head[0] === 0xFE && head[1] === 0xFF) return { label: 'utf-16be', name: 'UTF-16BE', skip: 2 }
  try {
    // A multi-byte character cut at the end of the sample is not an error: stream mode keeps it.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
    return { label: 'utf-8', name: 'UTF-8', skip: 0 }
  }
  catch {
    return { label: 'gb18030', name: 'GB18030 (GBK)', skip: 0 }
  }
}

/** Decodes a byte stream to text in `label`'s encoding; invalid UTF-8 after the sample is a file error. */
function decoding(label: string, skip: number): Transform {
  const decoder = new TextDecoder(label, { fatal: label === 'utf-8' })
  let skipped = 0
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      let bytes = chunk
      if (skipped < skip) {
        const cut = Math.min(skip - skipped, bytes.length)
        skipped += cut
        bytes = bytes.subarray(cut)
      }
      try {
        const text = decoder.decode(bytes, { stream: true })
        if (text.includes('\0')) throw new ImportFileError('这不是表格文件：请上传 .xlsx 或 .csv', 'IMPORT_UNREADABLE')
        done(null, text)
      }
      catch (error) {
        done(error instanceof ImportFileError ? error : new ImportFileError('文件的编码前后不一致：请在 Excel 或 WPS 里「另存为」CSV UTF-8 后再导入', 'IMPORT_UNREADABLE'))
      }
    },
    flush(done) {
      try {
        const rest = decoder.decode()
        done(null, rest || undefined)
      }
      catch {
        done(new ImportFileError('文件的编码前后不一致：请在 Excel 或 WPS 里「另存为」CSV UTF-8 后再导入', 'IMPORT_UNREADABLE'))
      }
    },
  })
}

interface ParsedRow {
  cells: string[]
  errors: Papa.ParseError[]
}

/** The rows of a text stream as papaparse reads them, pausing the parser while the reader is behind. */
async function* csvRows(text: Readable, delimiter: string): AsyncGenerator<ParsedRow> {
  const queue: ParsedRow[] = []
  let paused: Papa.Parser | undefined
  let finished = false
  let failure: unknown
  let wake: (() => void) | undefined
  const signal = () => {
    const w = wake
    wake = undefined
    w?.()
  }
  text.on('error', (error) => {
    failure = error
    signal()
  })
  Papa.parse<string[]>(text as unknown as File, {
    delimiter,
    skipEmptyLines: false,
    step(results, parser) {
      queue.push({ cells: results.data, errors: results.errors })
      if (queue.length >= QUEUE_ROWS && !paused) {
        // The parser's pause keeps its place in the chunk; pausing the text too keeps the rest of the file unread.
        paused = parser
        parser.pause()
        text.pause()
      }
      signal()
    },
    complete() {
      finished = true
      signal()
    },
    error(error: Error) {
      failure = error
      signal()
    },
  })
  for (;;) {
    if (queue.length) {
      // Hand out what is parsed; a shifted queue of thousands is cheap next to the rows' own work.
      yield queue.shift()!
      continue
    }
    if (failure) throw failure
    if (paused) {
      const parser = paused
      paused = undefined
      parser.resume()
      text.resume()
      continue
    }
    if (finished) return
    await new Promise<void>(resolve => (wake = resolve))
  }
}

/** Picks the delimiter the header row uses: comma, tab (Excel "Unicode text") or semicolon. */
function delimiterOf(firstLine: string): string {
  const counts = [',', '\t', ';'].map(d => [d, firstLine.split(d).length - 1] as const)
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0]
}

/**
 * Opens a CSV file for reading as it streams: its encoding from the first 64 KB, its header the one
 * of the top ten rows naming the most known columns (as readTable). Throws ImportFileError for an
 * .xlsx file (read whole by readTable, 5,000 rows at most), a binary file or no header.
 */
export async function streamCsvTable(path: string): Promise<StreamedTable> {
  const head = await firstBytes(path, SNIFF_BYTES)
  if (isXlsx(head)) throw new ImportFileError('导入数据库时只读 CSV：请在 Excel 或 WPS 里「另存为」CSV UTF-8', 'IMPORT_UNREADABLE')
  const { label, name, skip } = sniffEncoding(head)
  const sample = new TextDecoder(label).decode(head.subarray(skip))
  const firstLine = sample.slice(0, sample.search(/\r?\n|$/))
  const text = createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(decoding(label, skip))
  const rows = csvRows(text, delimiterOf(firstLine))

  const top: ParsedRow[] = []
  for (let next = await rows.next(); !next.done; next = top.length < 10 ? await rows.next() : { done: true, value: undefined }) top.push(next.value)
  const known = (cells: string[]) => cells.filter(cell => cell.trim() && headerField(cell.replace(/^\uFEFF/, '').trim())).length
  const counts = top.map(row => known(row.cells))
  const headerIndex = counts.indexOf(Math.max(0, ...counts))
  if (!counts[headerIndex]) {
    await rows.return(undefined)
    text.destroy()
    throw new ImportFileError('找不到表头：前 10 行里没有一行写着「名称」「地址」「纬度」「经度」这样的列名', 'IMPORT_NO_HEADER')
  }

  async function* records(): AsyncGenerator<TableRow & { problems: RowProblem[] }> {
    let line = headerIndex + 1
    const emit = (row: ParsedRow) => {
      line++
      if (!row.cells.some(cell => cell.trim())) return undefined
      const problems = row.errors.filter(e => e.type !== 'Delimiter').map(e => ({ line, field: '(整行)', message: `CSV 格式错误: ${e.message}` }))
      return { line, cells: row.cells, problems }
    }
    try {
      for (const row of top.slice(headerIndex + 1)) {
        const record = emit(row)
        if (record) yield record
      }
      for await (const row of rows) {
        const record = emit(row)
        if (record) yield record
      }
    }
    finally {
      text.destroy()
    }
  }
  return { encoding: name, header: top[headerIndex]!.cells, headerLine: headerIndex + 1, rows: records() }
}
