import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { Document, isPair, isSeq, visit } from 'yaml'
import { StationSchema, type StationData } from '../../shared/schemas/station'
import { districtText } from '../../server/regions/region'

// Writing place files (data:import, data:export) in the style of the hand-written ones: fields in
// schema order, text in single quotes (dates too, so YAML never reads them as timestamps), keys and
// vocabulary values plain, lists of keys on one line.

const FIELD_ORDER = Object.keys(StationSchema.shape) as Array<keyof StationData>
const LOCATION_ORDER = ['lat', 'lng', 'precision'] as const
const SOURCE_ORDER = ['name', 'url', 'note'] as const
/** Values from a fixed vocabulary: written plain, like the keys. */
const PLAIN_VALUES = new Set(['kind', 'status', 'precision'])

function ordered<T extends object>(value: T, order: readonly string[]): Record<string, unknown> {
  const record = value as Record<string, unknown>
  return Object.fromEntries(order.filter(key => record[key] !== undefined).map(key => [key, record[key]]))
}

/** A place as the text of its YAML file. `status: open` (the default) is left out, as people write it. */
export function placeToYaml(data: StationData): string {
  const record = ordered(data, FIELD_ORDER)
  // Files name the district as people write it (榆次区); the parsed record holds its code.
  record.district = districtText(data.district)
  if (record.status === 'open') delete record.status
  record.location = ordered(data.location, LOCATION_ORDER)
  record.source = ordered(data.source, SOURCE_ORDER)
  const doc = new Document(record)
  visit(doc, {
    Seq(_key, node) {
      node.flow = true
    },
    Scalar(key, node, path) {
      if (typeof node.value !== 'string' || key === 'key') return
      const parent = path.at(-1)
      if (isSeq(parent)) return
      const name = isPair(parent) ? String((parent.key as { value?: unknown })?.value ?? '') : ''
      node.type = PLAIN_VALUES.has(name) ? 'PLAIN' : 'QUOTE_SINGLE'
    },
  })
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false })
}

/**
 * Writes every file or none: each goes to a temporary file in its own folder first (synced to disk),
 * and only when all are written are they renamed over their targets (a rename is atomic).
 */
export function writeFilesAtomically(files: ReadonlyArray<{ path: string, text: string }>): void {
  const pending: Array<[string, string]> = []
  try {
    for (const { path, text } of files) {
      mkdirSync(dirname(path), { recursive: true })
      const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
      pending.push([temp, path])
      const fd = openSync(temp, 'wx')
      try {
        writeSync(fd, text)
        fsyncSync(fd)
      }
      finally {
        closeSync(fd)
      }
    }
  }
  catch (error) {
    for (const [temp] of pending) rmSync(temp, { force: true })
    throw error
  }
  for (const [temp, path] of pending) renameSync(temp, path)
}
