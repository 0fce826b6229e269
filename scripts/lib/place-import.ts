import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pinyin } from 'pinyin-pro'
import { parse as parseYaml } from 'yaml'
import { PLACE_FOLDERS } from '../../modules/validate-places/place-files'
import { placeToYaml, writeFilesAtomically } from '../../modules/validate-places/place-yaml'
import { matchHeader, ImportFileError } from '../../server/spreadsheet/headers'
import { readTable } from '../../server/spreadsheet/read'
import { checkPlace, readRow, withDefaults, type RowProblem } from '../../server/spreadsheet/row'
import { districtSlug } from '../../server/spreadsheet/words'
import { prefectureOf, provinceOf } from '../../server/regions/divisions'
import { districtName, unionName } from '../../server/regions/region'
import { StationIdSchema, type StationData } from '../../shared/schemas/station'
import type { InputCrs } from '../../shared/utils/coords'
import type { District } from '../../shared/utils/vocabulary'

// The union's spreadsheet (.xlsx or CSV) to content files: `npm run data:import -- FILE` (issue 4).
// The rows are read by the same rules as the workspace's import page (server/spreadsheet/); this file
// adds what only the command line does: ids from pinyin, and YAML files written all or none.

export { formatProblem, type RowProblem } from '../../server/spreadsheet/row'
export { ImportFileError } from '../../server/spreadsheet/headers'

/** `source.name` of every imported record. */
export const IMPORT_SOURCE_NAME = `${unionName()}名单导入`

/** The slug of a place's name: its pinyin, without the city or district it repeats, nor the words every station has. */
export function nameSlug(name: string, district: District): string {
  const county = districtName(district)
  const short = county.replace(/[区县市]$/, '')
  const city = prefectureOf(district)
  const province = provinceOf(district)
  const core = name.replace(/^示例·/, '').replace(new RegExp(`^(${province?.name ?? '-'})?(${city?.code === district ? '-' : city?.name ?? '-'})`), '')
    .replace(new RegExp(`^${county}|^${short.length > 1 ? short : county}`), '')
    .replace(/(户外劳动者)?(爱心|工会)?驿站$/, '')
  const syllables = pinyin(core || name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
  return syllables.join('').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '')
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
  crs?: InputCrs
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

/**
 * Reads the union's list (.xlsx or CSV) and turns each row into a place, checking every row against
 * the station schema. Writes the files (atomically, all or none) unless a row is bad (see `skipBad`)
 * or `dryRun`. Throws ImportFileError only for a file that cannot be read as a list at all (no
 * header, missing columns, no coordinate system).
 */
export async function importPlaces(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const table = await readTable(bytes)
  const columns = matchHeader(table.header)
  if (!columns.index.has('crs') && !options.crs) {
    throw new ImportFileError('不知道坐标是哪种坐标系: 请加「坐标系」列（WGS-84 / GCJ-02）或用 --crs wgs84|gcj02 说明。高德、腾讯地图上取的坐标是 GCJ-02。')
  }
  const problems: RowProblem[] = [...table.problems]
  const existing = existingFiles(options.contentDir)
  const fromRows = new Map<string, number>()
  const places: ImportedPlace[] = []

  for (const { line, cells } of table.rows) {
    const row = readRow(cells, line, columns, options.crs)
    const rowProblems = [...row.problems]
    const problem = (field: string, message: string) => rowProblems.push({ line, field, column: columns.title('id'), message })
    const name = String(row.fields.name ?? '')
    const district = row.fields.district as District | undefined
    const kind = withDefaults(row.fields).kind as string
    const checked = checkPlace({ ...withDefaults(row.fields), source: { name: IMPORT_SOURCE_NAME, note: `${options.fileName} 第 ${line} 行` } }, row, columns)
    rowProblems.push(...checked.problems)

    // The id: the id column, else district + name in pinyin, unique among existing files and earlier rows.
    let id = row.id
    let replaces = false
    if (id) {
      const check = StationIdSchema.safeParse(id)
      if (!check.success) problem('id', check.error.issues[0]!.message)
      else if (fromRows.has(id)) problem('id', `id「${id}」与第 ${fromRows.get(id)} 行重复`)
    }
    else if (district) {
      const base = `${districtSlug(district)}-${nameSlug(name, district)}`.replace(/-+$/, '')
      id = base
      for (let n = 2; fromRows.has(id) || (existing.has(id) && !sameName(existing.get(id)!.name, name)); n++) id = `${base}-${n}`
    }
    const target = id ? join(options.outDir ?? join(options.contentDir, kind === 'rest-station' ? 'stations' : 'services'), `${id}.yml`) : ''
    const taken = id ? existing.get(id) : undefined
    if (taken) {
      const where = relative(options.rootDir ?? process.cwd(), taken.path)
      if (taken.path !== target) problem('id', `id「${id}」已被 ${where} 使用`)
      else if (!options.replace) problem('id', `${where} 已存在（同一地点再次导入？加 --replace 覆盖）`)
      else replaces = true
    }
    if (id) fromRows.set(id, line)

    problems.push(...rowProblems)
    if (!rowProblems.length && checked.data) places.push({ line, id, path: target, data: checked.data, replaces })
  }

  const rowsBad = problems.length > 0
  const written: string[] = []
  if (!options.dryRun && places.length && (!rowsBad || options.skipBad)) {
    writeFilesAtomically(places.map(p => ({ path: p.path, text: placeToYaml(p.data) })))
    written.push(...places.map(p => p.path))
  }
  return { encoding: table.encoding, places, problems: problems.sort((a, b) => a.line - b.line), ignoredColumns: columns.ignored, written }
}
