import { STATION_EDIT_KEYS } from '../../../shared/schemas/admin'
import { StationSchema, type StationData, type StationInput } from '../../../shared/schemas/station'
import type { StationRecord } from '../../../shared/types/admin'

// Pure: how live edits and additions combine with the content dataset (tested in tests/unit).

/**
 * A station with live edits applied: `null` removes an optional field, keys outside the editable set
 * are ignored. Throws a ZodError when the result is not a valid station.
 */
export function applyOverride(station: StationData, fields: Record<string, unknown>): StationData {
  const edits = Object.fromEntries(STATION_EDIT_KEYS.filter(key => fields[key] !== undefined).map(key => [key, fields[key]]))
  return StationSchema.parse(Object.fromEntries(Object.entries({ ...station, ...edits }).filter(([, value]) => value !== null)))
}

/** Splits a record into its id and its station fields (the schema is strict and has no id). */
export function withoutId({ id, ...data }: StationRecord): [string, StationData] {
  return [id, data]
}

export interface OverlayProblem {
  id: string
  source: 'override' | 'addition'
  error: unknown
}

/**
 * The dataset the public sees: each content record with its override, then the additions whose id
 * no content file has taken (once a release carries an addition as a file, the file wins). An
 * override or addition that does not make a valid station is left out and reported, never served.
 */
export function mergeStations(
  content: readonly StationRecord[],
  overrides: ReadonlyMap<string, { fields: Record<string, unknown> }>,
  additions: ReadonlyArray<{ id: string, record: StationInput }>,
  report: (problem: OverlayProblem) => void = () => {},
): StationRecord[] {
  const merged = content.map((record) => {
    const override = overrides.get(record.id)
    if (!override) return record
    const [id, data] = withoutId(record)
    try {
      return { ...applyOverride(data, override.fields), id }
    }
    catch (error) {
      report({ id, source: 'override', error })
      return record
    }
  })
  const taken = new Set(content.map(record => record.id))
  for (const { id, record } of additions) {
    if (taken.has(id)) continue
    taken.add(id)
    try {
      const data = StationSchema.parse(record)
      const override = overrides.get(id)
      merged.push({ ...(override ? applyOverride(data, override.fields) : data), id })
    }
    catch (error) {
      report({ id, source: 'addition', error })
    }
  }
  return merged
}
