import { resolve } from 'node:path'
import { Writable } from 'node:stream'
import { isDeepStrictEqual } from 'node:util'
import ExcelJS from 'exceljs'
import { describe, expect, it, vi } from 'vitest'
import { readPlaceFiles } from '../../modules/validate-places/place-files'
import { COLUMNS, headerOf, matchHeader } from '../../server/spreadsheet/headers'
import { MAX_ROWS, readTable } from '../../server/spreadsheet/read'
import { checkPlace, layRow, readRow } from '../../server/spreadsheet/row'
import { placeCells, placesCsvChunks, placesToCsv, placesToXlsx, RETIRED_HEADER, writePlacesXlsx, zipIntake, type TablePlace } from '../../server/spreadsheet/write'

// The union's spreadsheet both ways: what the workspace downloads reads back to the same stations.

const root = resolve(import.meta.dirname, '../..')
const places: TablePlace[] = readPlaceFiles(resolve(root, 'content'), root).places.map(p => ({ ...p.data, id: p.id }))

/** Every station of the file laid over the one it names: the fields that would change. */
async function changesAfterReading(bytes: Uint8Array) {
  const table = await readTable(bytes)
  const columns = matchHeader(table.header)
  const changed: string[] = []
  for (const { line, cells } of table.rows) {
    const row = readRow(cells, line, columns, undefined)
    expect(row.problems).toEqual([])
    const { id: _, ...before } = places.find(place => place.id === row.id)!
    const { data, problems } = checkPlace(layRow(before, row.fields), row, columns)
    expect(problems).toEqual([])
    for (const key of Object.keys({ ...before, ...data })) {
      if (!isDeepStrictEqual((before as Record<string, unknown>)[key], (data as Record<string, unknown>)[key])) changed.push(`${row.id}.${key}`)
    }
  }
  return { changed, rows: table.rows.length, encoding: table.encoding, ignored: columns.ignored }
}

async function workbook(rows: unknown[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('名单')
  for (const row of rows) sheet.addRow(row)
  edit?.(sheet)
  return new Uint8Array(await book.xlsx.writeBuffer())
}

const HEADER = ['名称', '区县', '地址', '纬度', '经度', '坐标系', '开放时间', '运营单位']
const GOOD = ['顺城街爱心驿站', '榆次区', '顺城街 1 号', 37.69, 112.75, 'WGS-84', '24小时', '榆次区总工会']

describe('the dataset downloaded as a spreadsheet and read back', () => {
  it.each(['csv', 'xlsx'] as const)('changes nothing when nothing was edited (%s)', async (format) => {
    const bytes = format === 'csv' ? new TextEncoder().encode(placesToCsv(places)) : new Uint8Array(await placesToXlsx(places))
    const back = await changesAfterReading(bytes)
    expect(back.rows).toBe(places.length)
    expect(back.changed).toEqual([])
    expect(back.ignored).toEqual([])
  })

  it('writes the import\'s headers, in order, and the retired column only when asked', async () => {
    const text = placesToCsv(places.slice(0, 1))
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(COLUMNS.map(headerOf).join(','))
    const withRetired = placesToCsv(places.slice(0, 1), new Set([places[0]!.id]))
    expect(withRetired.split('\r\n')[0]).toMatch(new RegExp(`,${RETIRED_HEADER}$`))
    expect(withRetired.split('\r\n')[1]).toMatch(/,是$/)
    // The staff's extra column is left alone by the import.
    expect((await changesAfterReading(new TextEncoder().encode(withRetired))).ignored).toEqual([RETIRED_HEADER])
  })

  it('writes the CSV a few hundred rows at a time, whole rows in each chunk, with a byte-order mark once', () => {
    const many = Array.from({ length: 1_000 }, (_, i) => ({ ...places[i % places.length]!, id: `p-${i}` }))
    const chunks = [...placesCsvChunks(many)].map(chunk => chunk.toString('utf8'))
    expect(chunks.length).toBe(5)
    expect(chunks.every(chunk => chunk.endsWith('\r\n'))).toBe(true)
    expect(chunks.join('')).toBe(placesToCsv(many))
    expect(chunks.join('').split('\uFEFF')).toHaveLength(2)
    expect(chunks.join('').split('\r\n')).toHaveLength(1 + many.length + 1)
  })

  it('keeps a phone number as text in .xlsx (its leading 0 survives)', async () => {
    const withPhone = places.find(place => place.phone?.startsWith('0'))
    expect(withPhone, 'a bundled place has a phone starting with 0').toBeDefined()
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await placesToXlsx([withPhone!]) as never)
    const phone = book.worksheets[0]!.getRow(2).getCell(COLUMNS.indexOf('phone') + 1)
    expect(phone.value).toBe(withPhone!.phone)
  })

  it('reads an edited cell as a change of that field only', async () => {
    const edited = places.map(place => (place.id === places[3]!.id ? { ...place, address: `${place.address}（东门）` } : place))
    const back = await changesAfterReading(new TextEncoder().encode(placesToCsv(edited)))
    expect(back.changed).toEqual([`${places[3]!.id}.address`])
  })
})

describe('reading .xlsx', () => {
  it('skips a title row above the header and reads numbers, dates and rich text', async () => {
    const bytes = await workbook([['晋中市户外劳动者驿站名单（2026 年）'], [...HEADER, '核实日期'], [...GOOD, new Date(Date.UTC(2026, 2, 5))]], (sheet) => {
      sheet.getCell('C3').value = { richText: [{ text: '顺城街 ' }, { font: { bold: true }, text: '1 号' }] }
    })
    const table = await readTable(bytes)
    expect(table.encoding).toBe('xlsx')
    expect(table.headerLine).toBe(2)
    expect(table.rows).toEqual([{ line: 3, cells: ['顺城街爱心驿站', '榆次区', '顺城街 1 号', '37.69', '112.75', 'WGS-84', '24小时', '榆次区总工会', '2026-03-05'] }])
  })

  it('never evaluates a formula: its row is refused with the formula named', async () => {
    const bytes = await workbook([HEADER, GOOD], (sheet) => {
      sheet.getCell('C2').value = { formula: 'HYPERLINK("http://x","点我")', result: '点我' }
    })
    const table = await readTable(bytes)
    const columns = matchHeader(table.header)
    const row = readRow(table.rows[0]!.cells, 2, columns, undefined)
    expect(row.problems).toEqual([expect.objectContaining({ line: 2, field: 'address', column: '地址', message: expect.stringContaining('=HYPERLINK') })])
  })

  it.each([
    ['an old .xls file', new Uint8Array([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]), /\.xls/],
    ['a broken .xlsx', new Uint8Array([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]), /无法读取/],
    ['a picture', new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]), /不是表格文件|找不到表头/],
    ['a file without a header', new TextEncoder().encode('a,b,c\n1,2,3\n'), /找不到表头/],
  ])('refuses %s with a message in Chinese', async (_name, bytes, message) => {
    await expect(readTable(bytes)).rejects.toThrow(message)
  })

  it(`refuses more than ${MAX_ROWS} rows before reading them`, async () => {
    const lines = [HEADER.join(','), ...Array.from({ length: MAX_ROWS + 1 }, () => GOOD.join(','))]
    await expect(readTable(new TextEncoder().encode(lines.join('\n')))).rejects.toThrow(/最多导入 5000 行/)
  })
})

describe('a workbook written as it is downloaded', () => {
  // 4,700 rows: the stations a hundred times, as a province's download would hold.
  const many = Array.from({ length: 100 }, (_, n) => places.map(place => ({ ...place, id: `${place.id}-${n}` }))).flat()

  it('waits for a reader that is behind, and stops when the download is cancelled', async () => {
    let taken = 0
    // A reader that takes the first 64 KB and then nothing more (a phone that stopped reading).
    const stalled = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        taken += chunk.length
        if (taken < 64 * 1024) done()
      },
    })
    let finished = false
    const writing = writePlacesXlsx(many, undefined, stalled).then(() => (finished = true))
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(finished).toBe(false)
    stalled.destroy()
    await writing
    expect(finished).toBe(true)
    expect(taken).toBeLessThan(200 * 1024)
  })

  it('waits for a slow reader without leaving a listener behind each time', async () => {
    let taken = 0
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        taken += chunk.length
        setTimeout(done, 1)
      },
    })
    // How often a drain was waited for, and the most listeners the stream held at once meanwhile.
    let waits = 0
    let most = 0
    slow.on('newListener', (name: string) => {
      if (name === 'drain') waits++
      if (name === 'drain' || name === 'close') most = Math.max(most, slow.listenerCount('drain') + slow.listenerCount('close') + 1)
    })
    await writePlacesXlsx(many, undefined, slow)
    expect(taken).toBeGreaterThan(100 * 1024)
    expect(waits).toBeGreaterThan(3)
    expect(most).toBeLessThanOrEqual(4)
  })

  it('finds where the zip takes a sheet in (ExcelJS\'s private shape), where rows made faster than deflate pile up', async () => {
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new Writable({ write: (_chunk, _encoding, done) => setImmediate(done) }) })
    const sheet = book.addWorksheet('x')
    const intake = zipIntake(sheet)
    expect(intake?._writableState?.length).toBe(0)
    // Rows added without a pause (as ExcelJS lets one): their XML waits in the intake.
    for (const place of many.slice(0, 3_000)) sheet.addRow(Object.values(placeCells(place))).commit()
    expect(intake!._writableState!.length).toBeGreaterThan(1 << 20)
  })

  it('waits for the zip\'s deflate: what waits in its intake stays about a megabyte', async () => {
    // The sheet writePlacesXlsx makes, to watch its intake after each piece of XML it takes.
    let most = 0
    const addWorksheet = ExcelJS.stream.xlsx.WorkbookWriter.prototype.addWorksheet
    const made = vi.spyOn(ExcelJS.stream.xlsx.WorkbookWriter.prototype, 'addWorksheet').mockImplementation(function (this: ExcelJS.stream.xlsx.WorkbookWriter, ...args: Parameters<typeof addWorksheet>) {
      const sheet = addWorksheet.apply(this, args)
      const intake = zipIntake(sheet) as unknown as Writable & { _writableState: { length: number } }
      const write = intake.write.bind(intake)
      intake.write = ((...written: Parameters<typeof write>) => {
        const answer = write(...written)
        most = Math.max(most, intake._writableState.length)
        return answer
      }) as typeof intake.write
      return sheet
    })
    try {
      await writePlacesXlsx(many, undefined, new Writable({ write: (_chunk, _encoding, done) => setImmediate(done) }))
    }
    finally {
      made.mockRestore()
    }
    // The limit (1 MB), a turn's rows, and one of ExcelJS's 64 KB pieces: not the 4.7 MB of the whole sheet.
    expect(most).toBeGreaterThan(0)
    expect(most).toBeLessThan(1.5 * 2 ** 20)
  })

  it('reads back whole when read to the end', async () => {
    const table = await readTable(new Uint8Array(await placesToXlsx(many)))
    expect(table.rows).toHaveLength(many.length)
  })
})
