// Places by id without a Map of each (issue 10): at 186,100 places a Map took 7 MB of the server's
// memory in a heap snapshot (its table, with room to grow), and the server kept two, stations and
// places. An id table keeps each item's position, hashed by its id, in 32-bit numbers: 2 MB. The
// items stay where they are; an id is found by comparing the items' ids at its hash's slots.

/** Slot `s` holds 1 + the position of an item whose id hashes near `s`, or 0. */
export type IdTable = Int32Array

/** FNV-1a over the id's UTF-16 code units. */
function hashOf(id: string): number {
  let hash = 0x811C9DC5
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** The table of `items`' ids: at most half its slots used, so a lookup asks one or two items. Of two items with one id, the later is found. */
export function idTable(items: ReadonlyArray<{ id: string }>): IdTable {
  const table = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(2, items.length * 2))))
  const mask = table.length - 1
  for (const [position, item] of items.entries()) {
    let slot = hashOf(item.id) & mask
    while (table[slot] !== 0 && items[table[slot]! - 1]!.id !== item.id) slot = (slot + 1) & mask
    table[slot] = position + 1
  }
  return table
}

/**
 * The position in `items` of the item with id `id`, or -1, through the table made of them or of a
 * list with the same ids in the same positions (a list of new objects for the same places).
 */
export function positionById(table: IdTable, items: ReadonlyArray<{ id: string }>, id: string): number {
  const mask = table.length - 1
  for (let slot = hashOf(id) & mask; table[slot] !== 0; slot = (slot + 1) & mask) {
    if (items[table[slot]! - 1]!.id === id) return table[slot]! - 1
  }
  return -1
}

/** The item with id `id` (positionById), or undefined. */
export function findById<T extends { id: string }>(table: IdTable, items: readonly T[], id: string): T | undefined {
  const at = positionById(table, items, id)
  return at >= 0 ? items[at] : undefined
}
