const isEmpty = (value: unknown) => value === undefined || value === null || value === ''
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/**
 * Whether two field values say the same thing: empty ('', null, undefined) equals empty, lists of
 * names are compared whatever their order, objects field by field; anything else must be identical.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b)
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    const left = [...a].sort()
    const right = [...b].sort()
    return left.every((value, i) => sameValue(value, right[i]))
  }
  if (isRecord(a) && isRecord(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].every(key => sameValue(a[key], b[key]))
  }
  return a === b
}

/**
 * Which fields of a form changed: the fields of `edited` whose value is not the same (`sameValue`)
 * as in `current`, with their edited values. A field left `undefined` in `edited` proposes nothing;
 * to clear a field, give it '' or null.
 */
export function changedFields<T extends Record<string, unknown>>(current: { readonly [K in keyof T]?: unknown }, edited: T): Partial<T> {
  const changed: Partial<T> = {}
  for (const key of Object.keys(edited) as Array<keyof T>) {
    const value = edited[key]
    if (value !== undefined && !sameValue(value, current[key])) changed[key] = value
  }
  return changed
}
