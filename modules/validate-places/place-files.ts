import { readdirSync, readFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { parse } from 'yaml'
import { StationIdSchema, StationSchema, type StationData } from '../../shared/schemas/station'
// Resolves district names in the region of NUXT_PUBLIC_REGION (at build time, and in the CLI).
import '../../server/regions/region'

/** The folders under `content/` that hold one YAML file per place. */
export const PLACE_FOLDERS = ['stations', 'services'] as const

export interface PlaceFile {
  id: string
  file: string
  data: StationData
}

export interface PlaceFilesResult {
  places: PlaceFile[]
  /** One line per problem, each naming the file and the field: `content/stations/a.yml: location.lat: ...`. */
  errors: string[]
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length ? path.map(String).join('.') : '(整个文件)'
}

/** Reads and validates every place file under `contentDir` against the one station schema. */
export function readPlaceFiles(contentDir: string, rootDir = join(contentDir, '..')): PlaceFilesResult {
  const places: PlaceFile[] = []
  const errors: string[] = []
  const seen = new Map<string, string>()
  for (const folder of PLACE_FOLDERS) {
    let names: string[]
    try {
      names = readdirSync(join(contentDir, folder)).filter(name => /\.ya?ml$/.test(name)).sort()
    }
    catch {
      continue
    }
    for (const name of names) {
      const path = join(contentDir, folder, name)
      const file = relative(rootDir, path)
      const id = basename(name).replace(/\.ya?ml$/, '')
      const idCheck = StationIdSchema.safeParse(id)
      if (!idCheck.success) errors.push(`${file}: 文件名 (id): ${idCheck.error.issues[0]!.message}`)
      if (seen.has(id)) errors.push(`${file}: id: 与 ${seen.get(id)} 重复`)
      seen.set(id, file)
      let raw: unknown
      try {
        raw = parse(readFileSync(path, 'utf8'))
      }
      catch (error) {
        errors.push(`${file}: YAML 语法错误: ${(error as Error).message.split('\n')[0]}`)
        continue
      }
      const result = StationSchema.safeParse(raw)
      if (!result.success) {
        for (const issue of result.error.issues) errors.push(`${file}: ${fieldPath(issue.path)}: ${issue.message}`)
        continue
      }
      places.push({ id, file, data: result.data })
    }
  }
  return { places, errors }
}

/** Throws one error listing every problem (file and field), or returns the valid places. */
export function assertValidPlaces(contentDir: string, rootDir?: string): PlaceFile[] {
  const { places, errors } = readPlaceFiles(contentDir, rootDir)
  if (errors.length) throw new Error(`站点数据有 ${errors.length} 处错误:\n${errors.map(e => `  - ${e}`).join('\n')}`)
  return places
}
