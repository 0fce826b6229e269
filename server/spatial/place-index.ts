import { around } from 'geokdbush'
import KDBush from 'kdbush'
import { distanceMeters, type LatLng } from '../../shared/utils/geo'

// An in-memory spatial index of the live places (issue 10): the nearest places to a point, and the
// places and clusters of a map view. Pure: it knows points, not stations, so it is tested against
// brute force on random datasets and measured on 186,100 synthetic points (npm run bench:places).

export interface IndexedPoint {
  location: LatLng
}

export interface PlaceIndex<T extends IndexedPoint> {
  items: readonly T[]
  tree: KDBush
  /** Each item's Web Mercator x and y (0–1 across the world), for grouping into cells without trigonometry per query. */
  x: Float64Array
  y: Float64Array
  /** The items of each group (all, or one kind) summed into the cells of a zoom level, made on the first view that needs them. */
  grids: Map<string, Map<number, CellSum>>
}

/** A filter the summed cells can answer: only the items whose group (e.g. their kind) is one of `values`. */
export interface Groups<T> {
  of: (item: T) => string
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

/** Builds the index once per change of the places (a KD-tree over longitude and latitude). */
export function buildPlaceIndex<T extends IndexedPoint>(items: readonly T[]): PlaceIndex<T> {
  const tree = new KDBush(Math.max(1, items.length), 64, Float64Array)
  const x = new Float64Array(items.length)
  const y = new Float64Array(items.length)
  for (const [i, item] of items.entries()) {
    tree.add(item.location.lng, item.location.lat)
    x[i] = (item.location.lng + 180) / 360
    y[i] = mercatorY(item.location.lat)
  }
  // KDBush needs at least one point; an empty dataset gets one far away that no query returns.
  if (!items.length) tree.add(-180, -90)
  return { items, tree: tree.finish(), x, y, grids: new Map() }
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

/** Size of a cluster cell in screen pixels: about a finger's width and a marker's. */
const CELL_PX = 64

/**
 * Up to this zoom an unfiltered view is answered from cells summed once (fromGrid): views that far
 * out hold many places. Closer in, a view holds few and its places are summed as they are found,
 * which keeps no cells for the zoom levels where nearly every place has a cell of its own.
 */
const GRID_MAX_ZOOM = 10

/**
 * The items inside `box` that pass `keep`, grouped for zoom level `zoom`: the box is cut into cells
 * of about 64 px on the Web Mercator map; a cell with one item gives that item, a cell with more
 * gives a cluster at their mean position. Every matching item inside the box is in exactly one of
 * the two, so `total` is exact: the sum of the cluster counts plus the single items. From `maxClusterZoom`
 * on, every item is single.
 */
export function viewport<T extends IndexedPoint>(index: PlaceIndex<T>, box: Box, zoom: number, keep?: (item: T) => boolean, maxClusterZoom = 16, groups?: Groups<T>): { total: number, clusters: Cluster[], items: T[] } {
  // `keep` asks of each item; `groups` alone (say, only rest stations) is answered from summed cells too.
  const inGroups = groups && new Set(groups.values)
  const passes = keep ?? (inGroups ? (item: T) => inGroups.has(groups!.of(item)) : undefined)
  if (zoom >= maxClusterZoom) {
    const ids = index.items.length ? index.tree.range(box.west, box.south, box.east, box.north) : []
    const items = ids.map(id => index.items[id]!)
    return passes ? finish(index, items.filter(passes)) : finish(index, items)
  }
  // Cells are CELL_PX wide in Web Mercator x and y at this zoom; one running sum per cell, no list.
  const scale = (256 * 2 ** zoom) / CELL_PX
  if (!keep && zoom <= GRID_MAX_ZOOM) return fromGrid(index, box, scale, groups)
  const cells = new Map<number, CellSum>()
  const ids = index.items.length ? index.tree.range(box.west, box.south, box.east, box.north) : []
  for (const id of ids) if (!passes || passes(index.items[id]!)) add(cells, index, id, scale)
  return fromCells(index, cells.values())
}

function finish<T extends IndexedPoint>(_index: PlaceIndex<T>, items: T[]): { total: number, clusters: Cluster[], items: T[] } {
  return { total: items.length, clusters: [], items }
}

/** A cell's key: x < 2^22 cells up to zoom 22 with 64 px cells, so one number per cell. */
const cellKey = <T extends IndexedPoint>(index: PlaceIndex<T>, id: number, scale: number) =>
  Math.floor(index.y[id]! * scale) * 4_194_304 + Math.floor(index.x[id]! * scale)

function add<T extends IndexedPoint>(cells: Map<number, CellSum>, index: PlaceIndex<T>, id: number, scale: number) {
  const { lat, lng } = index.items[id]!.location
  const key = cellKey(index, id, scale)
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

const within = (inner: Box, outer: Box) => inner.west >= outer.west && inner.east <= outer.east && inner.south >= outer.south && inner.north <= outer.north

/** A view with no filter, or only groups (kinds), from the zoom level's summed cells (gridCells). */
function fromGrid<T extends IndexedPoint>(index: PlaceIndex<T>, box: Box, scale: number, groups?: Groups<T>): { total: number, clusters: Cluster[], items: T[] } {
  if (!groups) return fromCells(index, gridCells(index, box, scale).values())
  // One grid per group; the cells of the groups asked for are added together where they meet.
  const merged = new Map<number, CellSum>()
  for (const value of new Set(groups.values)) {
    for (const [key, cell] of gridCells(index, box, scale, { of: groups.of, value })) {
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
 * The box's cells at a zoom level, from cells each summed once over every item (of one group): a cell
 * whose items all lie inside the box is taken whole, and only the cells the box's edge cuts through are
 * summed again from the items inside the box. A whole-country view of 186,100 places then reads a few
 * hundred cells instead of every place (issue 10: 60–110 ms before, see npm run bench:places). The
 * cells given may be the grid's own: read them, never change them.
 */
function gridCells<T extends IndexedPoint>(index: PlaceIndex<T>, box: Box, scale: number, group?: { of: (item: T) => string, value: string }): Map<number, CellSum> {
  const name = group ? `${scale}:${group.value}` : String(scale)
  const member = (id: number) => !group || group.of(index.items[id]!) === group.value
  let grid = index.grids.get(name)
  if (!grid) {
    grid = new Map()
    for (let id = 0; id < index.items.length; id++) if (member(id)) add(grid, index, id, scale)
    index.grids.set(name, grid)
  }
  const cells = new Map<number, CellSum>()
  // The box's cells one by one when they are fewer than the grid's occupied cells, else the grid's.
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
    // Cut by the box's edge: its items inside the box, summed again.
    const part = new Map<number, CellSum>()
    const cut = { west: Math.max(bounds.west, box.west), east: Math.min(bounds.east, box.east), south: Math.max(bounds.south, box.south), north: Math.min(bounds.north, box.north) }
    for (const id of index.tree.range(cut.west, cut.south, cut.east, cut.north)) if (cellKey(index, id, scale) === key && member(id)) add(part, index, id, scale)
    const summed = part.get(key)
    if (summed) cells.set(key, summed)
  }
  return cells
}
