import type { StationData } from '../../../shared/schemas/station'
import type { StationRecord } from '../../../shared/types/admin'

/**
 * A reader of many parsed station records that shares their repeated values: one string per
 * distinct operator, hours, county, source, and one (frozen) list per distinct set of amenities or
 * audiences. JSON.parse makes a new copy of each per record; at 186,100 imported places the copies
 * are tens of megabytes (issue 10: the server within 500 MB).
 */
export function sharedValues(): (data: StationData, id: string) => StationRecord {
  const strings = new Map<string, string>()
  const lists = new Map<string, readonly string[]>()
  const one = <T extends string>(text: T): T => {
    const known = strings.get(text)
    if (known !== undefined) return known as T
    strings.set(text, text)
    return text
  }
  const list = <T extends string>(items: readonly T[]): T[] => {
    const key = items.join('\n')
    let known = lists.get(key)
    if (!known) lists.set(key, known = Object.freeze([...items]))
    return known as T[]
  }
  return (data, id) => ({
    ...data,
    id,
    district: one(data.district),
    hours: one(data.hours),
    operator: one(data.operator),
    amenities: list(data.amenities),
    audience: list(data.audience),
    source: { ...data.source, name: one(data.source.name) },
  })
}
