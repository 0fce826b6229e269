import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { PLACE_FOLDERS } from '../../modules/validate-places/place-files'
import type { AppDatabase } from '../../server/database/connection'
import { withPlaceImport, type ImportCounts, type StagedPlace } from '../../server/database/stores'
import { ImportFileError, matchHeader } from '../../server/spreadsheet/headers'
import { streamCsvTable } from '../../server/spreadsheet/read-stream'
import { checkPlace, readRow, withDefaults, type RowProblem } from '../../server/spreadsheet/row'
import { nameInitials } from '../../server/utils/stations/initials'
import { StationIdSchema, type StationData } from '../../shared/schemas/station'
import type { InputCrs } from '../../shared/utils/coords'
import { IMPORT_SOURCE_NAME } from './place-import'

// A CSV list of any size into the database: `npm run data:import -- FILE.csv --to database` (issue 10).
// The rows are read as the file streams and checked by the same rules as the YAML import and the
// workspace (server/spreadsheet/), staged on one connection, and merged 1,000 rows per transaction.

export interface DatabaseImportOptions {
  database: AppDatabase
  /** Shown in `source.note` ("FILE.csv 第 N 行") and kept with each row. */
  fileName: string
  crs?: InputCrs
  /** The content folder: an id a content file has is refused (the file would win). */
  contentDir: string
  /** Write the good rows even when some are bad. */
  skipBad?: boolean
  /** Check, count new and changed rows, write nothing. */
  dryRun?: boolean
  /** Rows per transaction when merging (default 1,000). */
  batchSize?: number
  /** Told how far reading (rows read) and merging (rows merged of all) have come. */
  onProgress?: (stage: 'read' | 'merge', done: number, total?: number) => void
}

export interface DatabaseImportResult {
  encoding: string
  /** Rows that make valid places. */
  valid: number
  /** Rows with at least one problem. */
  bad: number
  problems: RowProblem[]
  ignoredColumns: string[]
  /** New, changed and unchanged rows against the database (also on a dry run). */
  counts: ImportCounts
  /** Whether anything was written (not on a dry run, nor with bad rows without skipBad). */
  written: boolean
}

/** Rows staged per INSERT while reading. */
const STAGE_ROWS = 1000

/**
 * A row's stable id: its 编号 when the file has one, else a hash of its name and WGS-84 position
 * (to 1e-6°, about 0.1 m), so importing the same list again finds the same rows.
 */
export function importedPlaceId(name: string, location: { lat: number, lng: number }): string {
  const key = `${name.normalize('NFKC').replace(/\s+/g, '')}|${location.lat.toFixed(6)}|${location.lng.toFixed(6)}`
  return `p-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`
}

function contentIds(contentDir: string): Map<string, string> {
  const ids = new Map<string, string>()
  for (const folder of PLACE_FOLDERS) {
    let names: string[] = []
    try {
      names = readdirSync(join(contentDir, folder))
    }
    catch { /* no such folder */ }
    for (const name of names) if (/\.ya?ml$/.test(name)) ids.set(name.replace(/\.ya?ml$/, ''), `content/${folder}/${name}`)
  }
  return ids
}

/**
 * Reads a CSV list as it streams and imports it into `imported_places`. Every row is checked first
 * (staged, not yet visible): with a bad row nothing is written unless `skipBad`. Throws
 * ImportFileError for a file that cannot be read as a list at all.
 */
export async function importPlacesToDatabase(path: string, options: DatabaseImportOptions): Promise<DatabaseImportResult> {
  const table = await streamCsvTable(path)
  const columns = matchHeader(table.header)
  if (!columns.index.has('crs') && !options.crs) {
    await table.rows.return(undefined)
    throw new ImportFileError('不知道坐标是哪种坐标系: 请加「坐标系」列（WGS-84 / GCJ-02）或用 --crs wgs84|gcj02 说明。高德、腾讯地图上取的坐标是 GCJ-02。')
  }
  const fromContent = contentIds(options.contentDir)
  const { db, dialect } = options.database
  const problems: RowProblem[] = []
  const badLines = new Set<number>()
  // Every id seen with its line, to report a row that repeats an earlier one (the second would overwrite it).
  const seen = new Map<string, number>()
  let valid = 0

  return withPlaceImport(db, dialect, async (session) => {
    let batch: StagedPlace[] = []
    let read = 0
    for await (const { line, cells, problems: csvProblems } of table.rows) {
      read++
      const row = readRow(cells, line, columns, options.crs)
      const rowProblems = [...csvProblems, ...row.problems]
      const checked = checkPlace({ ...withDefaults(row.fields), source: { name: IMPORT_SOURCE_NAME, note: `${options.fileName} 第 ${line} 行` } }, row, columns)
      rowProblems.push(...checked.problems)
      const problem = (message: string) => rowProblems.push({ line, field: 'id', column: columns.title('id'), message })
      let id = row.id
      if (id) {
        const check = StationIdSchema.safeParse(id)
        if (!check.success) problem(check.error.issues[0]!.message)
        else if (fromContent.has(id)) problem(`id「${id}」已被 ${fromContent.get(id)} 使用`)
      }
      else if (checked.data) {
        id = importedPlaceId(checked.data.name, checked.data.location)
      }
      if (id && seen.has(id)) problem(row.id ? `id「${id}」与第 ${seen.get(id)} 行重复` : `与第 ${seen.get(id)} 行名称和位置都相同（重复的站点？）`)
      else if (id) seen.set(id, line)

      if (rowProblems.length || !checked.data) {
        problems.push(...rowProblems)
        badLines.add(line)
      }
      else {
        valid++
        batch.push(staged(id, checked.data, line))
        if (batch.length >= STAGE_ROWS) {
          await session.stage(batch)
          batch = []
        }
      }
      if (read % 10_000 === 0) options.onProgress?.('read', read)
    }
    await session.stage(batch)
    options.onProgress?.('read', read)

    const write = !options.dryRun && valid > 0 && (!badLines.size || options.skipBad === true)
    const counts = write
      ? await session.merge(options.fileName, { batchSize: options.batchSize, onBatch: (done, total) => options.onProgress?.('merge', done, total) })
      : await session.counts()
    return {
      encoding: table.encoding,
      valid,
      bad: badLines.size,
      problems: problems.sort((a, b) => a.line - b.line),
      ignoredColumns: columns.ignored,
      counts,
      written: write,
    }
  })
}

function staged(id: string, data: StationData, line: number): StagedPlace {
  return { id, record: JSON.stringify(data), initials: nameInitials(data.name), district: String(data.district), line }
}
