import { existsSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { readPlaceFiles } from '../../modules/validate-places/place-files'
import { placeToYaml, writeFilesAtomically } from '../../modules/validate-places/place-yaml'
import { migrateToLatest, openDatabase, type DatabaseTarget } from '../../server/database/connection'
import { createStores } from '../../server/database/stores'
import { mergeStations, withoutId, type OverlayProblem } from '../../server/utils/stations/overlay'
import { StationSchema, type StationData, type StationInput } from '../../shared/schemas/station'
import type { StationRecord } from '../../shared/types/admin'

// The dataset as served (content files + staff's live edits in the database) back to content/ YAML,
// so the next release carries it: `npm run data:export` (issue 4). The merge is the server's own
// (server/utils/stations/overlay.ts), so the files say exactly what GET /api/stations says.

export interface Overlay {
  overrides: Map<string, { fields: Record<string, unknown>, updatedAt: string }>
  additions: Array<{ id: string, record: StationInput }>
  /** Stations staff retired: their content files are removed. */
  retired?: ReadonlySet<string>
}

/**
 * Live edits from the app's database (a SQLite file or PostgreSQL), read through the server's own
 * stores after bringing the schema up to date. Undefined when the SQLite file does not exist.
 */
export async function readOverlay(target: DatabaseTarget): Promise<Overlay | undefined> {
  if (target.dialect === 'sqlite' && !existsSync(target.path)) return undefined
  const database = openDatabase(target)
  try {
    await migrateToLatest(database)
    const stores = createStores(database.db)
    const [overrides, additions, retirements] = await Promise.all([stores.overrides.all(), stores.additions.active(), stores.retirements.all()])
    return { overrides, additions, retired: new Set(retirements.keys()) }
  }
  finally {
    await database.close()
  }
}

export interface ExportOptions {
  /** Where the content files are read from. */
  contentDir: string
  /** Where files are written (default: `contentDir`, writing only the files that change). */
  outDir?: string
  /** The overlay; undefined exports content as it is. */
  overlay?: Overlay
  dryRun?: boolean
  /** Paths in messages are relative to this folder. */
  rootDir?: string
}

export interface ExportedFile {
  id: string
  /** Absolute path. */
  path: string
  action: 'add' | 'update' | 'copy' | 'remove'
  /** Fields that differ from the content file (for `update`). */
  fields: string[]
}

export interface ExportResult {
  /** Every place exported (content and additions, not the retired). */
  count: number
  files: ExportedFile[]
  written: string[]
}

/** The dataset cannot be exported: a content file is invalid, or a live edit does not make a valid station. */
export class ExportError extends Error {}

const folderFor = (data: StationData) => (data.kind === 'rest-station' ? 'stations' : 'services')

/** Merges the overlay into the content dataset and writes the result as YAML, every file or none. */
export function exportDataset({ contentDir, outDir = contentDir, overlay, dryRun = false, rootDir = process.cwd() }: ExportOptions): ExportResult {
  const { places, errors } = readPlaceFiles(contentDir, rootDir)
  if (errors.length) throw new ExportError(`content 中有 ${errors.length} 处错误，先改正再导出:\n${errors.map(e => `  - ${e}`).join('\n')}`)
  const content: StationRecord[] = places.map(p => ({ ...p.data, id: p.id }))
  const problems: OverlayProblem[] = []
  const merged = mergeStations(content, overlay?.overrides ?? new Map(), overlay?.additions ?? [], p => problems.push(p))
  if (problems.length) {
    const lines = problems.map(({ id, source, error }) => `  - ${id} (${source === 'override' ? '在线修改' : '在线新增'}): ${describe(error)}`)
    throw new ExportError(`数据库中有 ${problems.length} 条在线修改不是有效的站点数据，没有导出任何文件:\n${lines.join('\n')}`)
  }

  const byId = new Map(places.map(p => [p.id, p]))
  const copying = outDir !== contentDir
  const files: ExportedFile[] = []
  const texts: Array<{ path: string, text: string }> = []
  const removals: string[] = []
  const retired = overlay?.retired ?? new Set()
  for (const record of merged) {
    const [id, fields] = withoutId(record)
    if (retired.has(id)) {
      // A retired content record's file goes (a copy elsewhere simply leaves it out).
      const file = byId.get(id)
      if (file && !copying) {
        const path = join(outDir, file.file.split(/[\\/]/).at(-2)!, `${id}.yml`)
        files.push({ id, path, action: 'remove', fields: [] })
        removals.push(path)
      }
      continue
    }
    // mergeStations parsed every record already; parsing again here is the last check before a file is written.
    const data = StationSchema.parse(fields)
    const file = byId.get(id)
    const folder = file ? file.file.split(/[\\/]/).at(-2)! : folderFor(data)
    const path = join(outDir, folder, `${id}.yml`)
    if (!file) files.push({ id, path, action: 'add', fields: [] })
    else if (!isDeepStrictEqual(file.data, data)) files.push({ id, path, action: 'update', fields: changedFields(file.data, data) })
    else if (copying) files.push({ id, path, action: 'copy', fields: [] })
    else continue
    texts.push({ path, text: placeToYaml(data) })
  }
  if (!dryRun && texts.length) writeFilesAtomically(texts)
  if (!dryRun) for (const path of removals) rmSync(path, { force: true })
  return { count: merged.filter(record => !retired.has(record.id)).length, files, written: dryRun ? [] : [...texts.map(t => t.path), ...removals] }
}

function changedFields(before: StationData, after: StationData): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof StationData>
  return [...keys].filter(key => !isDeepStrictEqual(before[key], after[key]))
}

function describe(error: unknown): string {
  const issues = (error as { issues?: Array<{ path: PropertyKey[], message: string }> }).issues
  if (issues) return issues.map(i => `${i.path.map(String).join('.') || '(整条)'}: ${i.message}`).join('; ')
  return String(error)
}

/** One line per exported file, for the terminal. */
export function formatExportedFile(file: ExportedFile, rootDir = process.cwd()): string {
  const path = relative(rootDir, file.path)
  if (file.action === 'add') return `  新增 ${path}（在线新增的站点）`
  if (file.action === 'remove') return `  删除 ${path}（已下线的站点）`
  if (file.action === 'update') return `  更新 ${path}: ${file.fields.join(', ')}`
  return `  写出 ${path}`
}
