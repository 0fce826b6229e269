import { around } from 'geokdbush'
import KDBush from 'kdbush'
import { distanceMeters, type LatLng } from '../../shared/utils/geo'
import { CLUSTER_CELL_PX } from '../../shared/utils/tiles'

// An in-memory spatial index of the live places (issue 10): the nearest places to a point, and the
// places and clusters of a map view. Pure: it knows points, not stations, so it is tested against
// brute force on random datasets and measured on 186,100 synthetic points (npm run bench:places).

export interface IndexedPoint {
  location: LatLng
}

export interface PlaceIndex<T extends IndexedPoint> {
  /**
   * The items in cell order (sorted by their zoom-10 cell along a Z-order curve), not in the order
   * given: the items of a cell of any zoom up to 10 are consecutive. An item's id is its place here.
   */
  items: readonly T[]
  tree: KDBush
  /** Each item's position again, read one after another when cells are summed, not from objects scattered in memory. */
  lat: Float64Array
  lng: Float64Array
  /** Each item's zoom-10 cell on the curve, ascending: where a cell's items start is a binary search. */
  codes: Uint32Array
  /** The id of each item of the list given, in that list's order: columns built from it read it in order (place-filter.ts). */
  order: Uint32Array
  /** The items of each group (all, or one kind) summed into the cells of a zoom level, made on the first view that needs them. */
  grids: Map<string, Map<number, CellSum>>
  /** The same for named filters at far-out zooms, the most recently used last (FILTERED_GRIDS of them). */
  filtered: Map<string, Map<number, CellSum>>
}

/**
 * A filter with a name that says exactly what it keeps: two filters of one name keep the same items
 * of the index. Far-out views (up to FILTERED_MAX_ZOOM) with it then share the cells it summed.
 */
export interface NamedFilter<T> {
  name: string
  keep: (item: T, id: number) => boolean
  /** When few items can pass (a search's matches): the ids of all that may, ascending. Its cells are summed over these alone. */
  only?: Uint32Array
}

/** A filter the summed cells can answer: only the items whose group (e.g. their kind) is one of `values`. */
export interface Groups<T> {
  /** An item's group, asked with its id too (its place in `index.items`). */
  of: (item: T, id: number) => string
  values: readonly string[]
}

/** What a cell holds: how many items, the sums of their positions, their box, and its first item's id. */
interface CellSum {
  count: number
  lat: number
  lng: number
  bounds: Box
  first: number
}

const mercatorY = (lat: number) => {
  const sin = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180)
  return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)
}

/** Size of a cluster cell in screen pixels: about a finger's width and a marker's (the map puts a cluster's badge inside its cell). */
const CELL_PX = CLUSTER_CELL_PX

/**
 * Up to this zoom a view is answered along the cell order (sumCells), unfiltered ones from cells
 * summed once (fromGrid): views that far out hold many places. Closer in, a view holds few and its
 * places are summed as they are found, which keeps no cells for the zoom levels where nearly every
 * place has a cell of its own.
 */
const GRID_MAX_ZOOM = 10

/**
 * Up to this zoom a named filter's cells are kept: such a view may hold nearly every place (asking
 * each of 186,100 takes 1.5–5 ms, more on a busy machine), and the zoom's cells are few (398 for
 * 186,100 synthetic places at zoom 6, 85 KB; about 1,300 cover China). Closer in, a view holds a
 * province at most and asks its own places.
 */
const FILTERED_MAX_ZOOM = 6
/** How many named filters' cells are kept at once (a zoom and a filter each), the least recently used forgotten. */
const FILTERED_GRIDS = 16

/** Cells across the world at a zoom level: CELL_PX wide in Web Mercator x and y. */
const scaleAt = (zoom: number) => (256 * 2 ** zoom) / CELL_PX

/** A cell's key: x < 2^22 cells up to zoom 22 with 64 px cells, so one number per cell. */
const cellKey = (lat: number, lng: number, scale: number) => Math.floor(mercatorY(lat) * scale) * 4_194_304 + Math.floor(((lng + 180) / 360) * scale)

/**
 * The curve's square: zoom 10's cells, 2^12 across the world, in a square of 2^13 so that x = 1
 * (longitude 180), which cellKey puts one cell past the last, still has a place. Cells of a lower
 * zoom are aligned squares of these (scales are powers of two), so their items are consecutive too.
 */
const ORDER_BITS = 13

/** A cell's place on the Z-order curve: the bits of x and y interleaved, x in the lower of each pair. */
function interleave(x: number, y: number): number {
  let code = 0
  for (let bit = 0; bit < ORDER_BITS; bit++) code |= (((x >> bit) & 1) << (2 * bit)) | (((y >> bit) & 1) << (2 * bit + 1))
  return code
}

/**
 * The index of `after` made from `index`, the index of `before`, when each item of `after` lies where
 * the one at its place in `before` lies and is `alike` it (reads the same to whatever else the index's
 * users ask): the tree, positions and cells are kept, the new objects put in their places. Otherwise
 * undefined: the index must be built again.
 */
export function reindex<T extends IndexedPoint>(index: PlaceIndex<T>, before: readonly T[], after: readonly T[], alike: (a: T, b: T) => boolean): PlaceIndex<T> | undefined {
  if (before.length !== after.length) return undefined
  for (let i = 0; i < after.length; i++) {
    const a = after[i]!
    const b = before[i]!
    if (a !== b && (a.location.lat !== b.location.lat || a.location.lng !== b.location.lng || !alike(a, b))) return undefined
  }
  const items = index.items.slice()
  for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) items[index.order[i]!] = after[i]!
  return { ...index, items }
}

/**
 * Builds the index once per change of the places: the items sorted into cell order, their positions
 * in typed arrays, and a KD-tree over longitude and latitude. The items are read in the order given,
 * the one they lie in in memory: read in cell order, scattered, they took two to six times as long.
 */
export function buildPlaceIndex<T extends IndexedPoint>(given: readonly T[]): PlaceIndex<T> {
  const n = given.length
  if (n >= 2 ** 27) throw new RangeError('too many places for the cell order')
  // Each item's curve code and place in `given` packed in one number (26 + 27 bits, exact in a
  // double), so a native numeric sort puts them in cell order. The cell is cellKey's at zoom 10.
  const scale = scaleAt(GRID_MAX_ZOOM)
  const keys = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const { lat, lng } = given[i]!.location
    keys[i] = interleave(Math.floor(((lng + 180) / 360) * scale), Math.floor(mercatorY(lat) * scale)) * 2 ** 27 + i
  }
  keys.sort()
  const [lat, lng, codes, order] = [new Float64Array(n), new Float64Array(n), new Uint32Array(n), new Uint32Array(n)]
  for (let id = 0; id < n; id++) {
    codes[id] = Math.floor(keys[id]! / 2 ** 27)
    order[keys[id]! - codes[id]! * 2 ** 27] = id
  }
  // Then each item to its place, the items read in their order (a copy of the list is as long, and packed).
  const items = given.slice()
  for (let i = 0; i < n; i++) {
    const item = given[i]!
    items[order[i]!] = item
    lat[order[i]!] = item.location.lat
    lng[order[i]!] = item.location.lng
  }
  const tree = new KDBush(Math.max(1, n), 64, Float64Array)
  for (let id = 0; id < n; id++) tree.add(lng[id]!, lat[id]!)
  // KDBush needs at least one point; an empty dataset gets one far away that no query returns.
  if (!n) tree.add(-180, -90)
  return { items, tree: tree.finish(), lat, lng, codes, order, grids: new Map(), filtered: new Map() }
}

/**
 * The `limit` nearest items to `point` that pass `keep`, nearest first by great-circle distance,
 * each with its distance in metres.
 */
export function nearest<T extends IndexedPoint>(index: PlaceIndex<T>, point: LatLng, limit: number, keep: (item: T) => boolean = () => true): Array<T & { distance: number }> {
  if (!index.items.length) return []
  const ids = around(index.tree, point.lng, point.lat, limit, Infinity, id => keep(index.items[id]!))
  return ids.map(id => ({ ...index.items[id]!, distance: Math.round(distanceMeters(point, index.items[id]!.location)) }))
}

/** A box on the map: west, south, east, north in degrees (WGS-84), west ≤ east. */
export interface Box {
  west: number
  south: number
  east: number
  north: number
}

export interface Cluster {
  lat: number
  lng: number
  count: number
  /** The box of the places in it: the map zooms to it when the cluster is tapped. */
  bounds: Box
}

/**
 * The items inside `box` that pass `filter`, grouped for zoom level `zoom`: the box is cut into cells
 * of about 64 px on the Web Mercator map; a cell with one item gives that item, a cell with more
 * gives a cluster at their mean position. Every matching item inside the box is in exactly one of
 * the two, so `total` is exact: the sum of the cluster counts plus the single items. From `maxClusterZoom`
 * on, every item is single. `filter` is asked with each item and its id (its place in `index.items`);
 * a named filter's cells at far-out zooms are kept for its next views.
 */
export function viewport<T extends IndexedPoint>(index: PlaceIndex<T>, box: Box, zoom: number, filter?: ((item: T, id: number) => boolean) | NamedFilter<T>, maxClusterZoom = 16, groups?: Groups<T>): { total: number, clusters: Cluster[], items: T[] } {
  // `groups` alone (say, only rest stations) is answered from summed cells too.
  const keep = typeof filter === 'function' ? filter : filter?.keep
  const inGroups = groups && new Set(groups.values)
  const passes = keep ?? (inGroups ? (item: T, id: number) => inGroups.has(groups!.of(item, id)) : undefined)
  if (zoom >= maxClusterZoom) {
    const ids = index.items.length ? index.tree.range(box.west, box.south, box.east, box.north) : []
    return finish(index, (passes ? ids.filter(id => passes(index.items[id]!, id)) : ids).map(id => index.items[id]!))
  }
  if (filter && typeof filter !== 'function' && zoom <= FILTERED_MAX_ZOOM) return fromCells(index, gridCells(index, box, zoom, filteredGrid(index, zoom, filter), keep).values())
  if (zoom <= GRID_MAX_ZOOM) return keep ? fromCells(index, sumCells(index, box, zoom, keep).values()) : fromGrid(index, box, zoom, groups)
  // One running sum per cell, no list.
  const scale = scaleAt(zoom)
  const cells = new Map<number, CellSum>()
  const ids = index.items.length ? index.tree.range(box.west, box.south, box.east, box.north) : []
  for (const id of ids) if (!passes || passes(index.items[id]!, id)) add(cells, index, id, scale)
  return fromCells(index, cells.values())
}

function finish<T extends IndexedPoint>(_index: PlaceIndex<T>, items: T[]): { total: number, clusters: Cluster[], items: T[] } {
  return { total: items.length, clusters: [], items }
}

function add<T extends IndexedPoint>(cells: Map<number, CellSum>, index: PlaceIndex<T>, id: number, scale: number) {
  const [lat, lng] = [index.lat[id]!, index.lng[id]!]
  const key = cellKey(lat, lng, scale)
  const cell = cells.get(key)
  if (!cell) {
    cells.set(key, { count: 1, lat, lng, first: id, bounds: { west: lng, south: lat, east: lng, north: lat } })
    return
  }
  cell.count++
  cell.lat += lat
  cell.lng += lng
  if (lng < cell.bounds.west) cell.bounds.west = lng
  if (lng > cell.bounds.east) cell.bounds.east = lng
  if (lat < cell.bounds.south) cell.bounds.south = lat
  if (lat > cell.bounds.north) cell.bounds.north = lat
}

function fromCells<T extends IndexedPoint>(index: PlaceIndex<T>, cells: Iterable<CellSum>): { total: number, clusters: Cluster[], items: T[] } {
  const clusters: Cluster[] = []
  const items: T[] = []
  let total = 0
  for (const cell of cells) {
    total += cell.count
    if (cell.count === 1) items.push(index.items[cell.first]!)
    else clusters.push({ lat: cell.lat / cell.count, lng: cell.lng / cell.count, count: cell.count, bounds: { ...cell.bounds } })
  }
  return { total, clusters, items }
}

/** The first id in [low, high) whose cell code is at least `code`. */
function firstFrom(codes: Uint32Array, code: number, low: number, high: number): number {
  while (low < high) {
    const mid = (low + high) >>> 1
    if (codes[mid]! < code) low = mid + 1
    else high = mid
  }
  return low
}

/**
 * The cells of zoom `zoom` (up to 10) summed over the items inside `box` that pass `keep`, by key:
 * the curve's quadrants are split down to the zoom's cells, skipping those empty or outside the box,
 * and each cell's items, consecutive, are asked and summed in order. No list of ids and no map
 * lookup per item: through the KD-tree and a map of running sums, a whole-country view filtered by
 * anything but kinds took 78–140 ms at 186,100 places (issue 10, npm run bench:places).
 */
function sumCells<T extends IndexedPoint>(index: PlaceIndex<T>, box: Box, zoom: number, keep?: (item: T, id: number) => boolean): Map<number, CellSum> {
  const { codes, lat, lng } = index
  const { west, south, east, north } = box
  // The zoom's cells are the quadrants `depth` halvings down from the curve's square.
  const depth = ORDER_BITS - (GRID_MAX_ZOOM - zoom)
  const scale = scaleAt(zoom)
  // The box's cells, and one more each way: a place on the box's edge may round into the next cell.
  const [x0, x1] = [Math.floor(((west + 180) / 360) * scale) - 1, Math.floor(((east + 180) / 360) * scale) + 1]
  const [y0, y1] = [Math.floor(mercatorY(north) * scale) - 1, Math.floor(mercatorY(south) * scale) + 1]
  const cells = new Map<number, CellSum>()
  const sum = (from: number, to: number, key: number) => {
    let count = 0
    let sumLat = 0
    let sumLng = 0
    const bounds = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity }
    let first = 0
    for (let id = from; id < to; id++) {
      const itemLat = lat[id]!
      const itemLng = lng[id]!
      // As the KD-tree's range: edges included.
      if (!(itemLat >= south && itemLat <= north && itemLng >= west && itemLng <= east)) continue
      if (keep && !keep(index.items[id]!, id)) continue
      if (count++ === 0) first = id
      sumLat += itemLat
      sumLng += itemLng
      if (itemLng < bounds.west) bounds.west = itemLng
      if (itemLng > bounds.east) bounds.east = itemLng
      if (itemLat < bounds.south) bounds.south = itemLat
      if (itemLat > bounds.north) bounds.north = itemLat
    }
    if (count) cells.set(key, { count, lat: sumLat, lng: sumLng, first, bounds })
  }
  // A quadrant (qx, qy) at depth d holds the items [from, to); its four children follow one another on the curve.
  const visit = (d: number, qx: number, qy: number, from: number, to: number) => {
    const size = 2 ** (depth - d)
    if (from === to || qx * size > x1 || (qx + 1) * size <= x0 || qy * size > y1 || (qy + 1) * size <= y0) return
    // A zoom cell: (qx, qy) are cellKey's x and y (its scale a power of two, the same floor).
    if (d === depth) return sum(from, to, qy * 4_194_304 + qx)
    let start = from
    for (let child = 0; child < 4; child++) {
      const [cx, cy] = [2 * qx + (child & 1), 2 * qy + (child >> 1)]
      const end = child === 3 ? to : firstFrom(codes, (interleave(cx, cy) + 1) * 4 ** (ORDER_BITS - d - 1), start, to)
      visit(d + 1, cx, cy, start, end)
      start = end
    }
  }
  visit(0, 0, 0, 0, index.items.length)
  return cells
}

const WORLD: Box = { west: -180, south: -90, east: 180, north: 90 }

/**
 * The zoom's cells over the whole world summed over the items of `ids` (ascending) that pass `keep`:
 * the same cells as sumCells, each item's in the same order, asking only those. A new search's
 * first whole-country view asked all 186,100 places: 12–27 ms (issue 10, npm run bench:places).
 */
function sumOnly<T extends IndexedPoint>(index: PlaceIndex<T>, zoom: number, ids: Uint32Array, keep: (item: T, id: number) => boolean): Map<number, CellSum> {
  const cells = new Map<number, CellSum>()
  const scale = scaleAt(zoom)
  for (const id of ids) if (keep(index.items[id]!, id)) add(cells, index, id, scale)
  return cells
}

const within = (inner: Box, outer: Box) => inner.west >= outer.west && inner.east <= outer.east && inner.south >= outer.south && inner.north <= outer.north

/** The zoom's cells summed over the items a named filter keeps, made on its first view and kept while used. */
function filteredGrid<T extends IndexedPoint>(index: PlaceIndex<T>, zoom: number, filter: NamedFilter<T>): Map<number, CellSum> {
  const name = `${zoom}:${filter.name}`
  const grid = index.filtered.get(name) ?? (filter.only ? sumOnly(index, zoom, filter.only, filter.keep) : sumCells(index, WORLD, zoom, filter.keep))
  index.filtered.delete(name)
  index.filtered.set(name, grid)
  if (index.filtered.size > FILTERED_GRIDS) index.filtered.delete(index.filtered.keys().next().value!)
  return grid
}

/** The zoom's cells summed over every item (or a group's), made on the first view that needs them. */
function wholeGrid<T extends IndexedPoint>(index: PlaceIndex<T>, zoom: number, group?: { member: (item: T, id: number) => boolean, value: string }): Map<number, CellSum> {
  const name = group ? `${zoom}:${group.value}` : String(zoom)
  let grid = index.grids.get(name)
  if (!grid) index.grids.set(name, grid = sumCells(index, WORLD, zoom, group?.member))
  return grid
}

/** A view with no filter, or only groups (kinds), from the zoom level's summed cells (gridCells). */
function fromGrid<T extends IndexedPoint>(index: PlaceIndex<T>, box: Box, zoom: number, groups?: Groups<T>): { total: number, clusters: Cluster[], items: T[] } {
  if (!groups) return fromCells(index, gridCells(index, box, zoom, wholeGrid(index, zoom)).values())
  // One grid per group; the cells of the groups asked for are added together where they meet.
  const merged = new Map<number, CellSum>()
  for (const value of new Set(groups.values)) {
    const member = (item: T, id: number) => groups.of(item, id) === value
    for (const [key, cell] of gridCells(index, box, zoom, wholeGrid(index, zoom, { member, value }), member)) {
      const into = merged.get(key)
      if (!into) {
        merged.set(key, cell)
        continue
      }
      const sum = { count: into.count + cell.count, lat: into.lat + cell.lat, lng: into.lng + cell.lng, first: into.first, bounds: {
        west: Math.min(into.bounds.west, cell.bounds.west), south: Math.min(into.bounds.south, cell.bounds.south),
        east: Math.max(into.bounds.east, cell.bounds.east), north: Math.max(into.bounds.north, cell.bounds.north),
      } }
      merged.set(key, sum)
    }
  }
  return fromCells(index, merged.values())
}

/**
 * The box's cells at a zoom level, from a grid of cells each summed once over every item `keep` keeps:
 * a cell whose items all lie inside the box is taken whole, and only the cells the box's edge cuts
 * through are summed again from the items inside the box. A whole-country view of 186,100 places then
 * reads a few hundred cells instead of every place (issue 10: 60–110 ms before, see npm run
 * bench:places). The cells given may be the grid's own: read them, never change them.
 */
function gridCells<T extends IndexedPoint>(index: PlaceIndex<T>, box: Box, zoom: number, grid: Map<number, CellSum>, keep?: (item: T, id: number) => boolean): Map<number, CellSum> {
  const cells = new Map<number, CellSum>()
  // The box's cells one by one when they are fewer than the grid's occupied cells, else the grid's.
  const scale = scaleAt(zoom)
  const [x0, x1] = [Math.floor(((box.west + 180) / 360) * scale), Math.floor(((box.east + 180) / 360) * scale)]
  const [y0, y1] = [Math.floor(mercatorY(box.north) * scale), Math.floor(mercatorY(box.south) * scale)]
  const keys: Iterable<number> = (x1 - x0 + 1) * (y1 - y0 + 1) < grid.size
    ? (function* () {
        for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) yield y * 4_194_304 + x
      })()
    : grid.keys()
  for (const key of keys) {
    const cell = grid.get(key)
    if (!cell) continue
    const { bounds } = cell
    if (bounds.east < box.west || bounds.west > box.east || bounds.north < box.south || bounds.south > box.north) continue
    if (within(bounds, box)) {
      cells.set(key, cell)
      continue
    }
    // Cut by the box's edge: its items inside the box, summed again (the cut may touch a neighbour's items on the line between them).
    const cut = { west: Math.max(bounds.west, box.west), east: Math.min(bounds.east, box.east), south: Math.max(bounds.south, box.south), north: Math.min(bounds.north, box.north) }
    const summed = sumCells(index, cut, zoom, keep).get(key)
    if (summed) cells.set(key, summed)
  }
  return cells
}
