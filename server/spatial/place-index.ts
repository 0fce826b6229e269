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
  return { items, tree: tree.finish(), x, y }
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
 * The items inside `box` that pass `keep`, grouped for zoom level `zoom`: the box is cut into cells
 * of about 64 px on the Web Mercator map; a cell with one item gives that item, a cell with more
 * gives a cluster at their mean position. Every matching item inside the box is in exactly one of
 * the two, so `total` is exact: the sum of the cluster counts plus the single items. From `maxClusterZoom`
 * on, every item is single.
 */
export function viewport<T extends IndexedPoint>(index: PlaceIndex<T>, box: Box, zoom: number, keep: (item: T) => boolean = () => true, maxClusterZoom = 16): { total: number, clusters: Cluster[], items: T[] } {
  const ids = index.items.length ? index.tree.range(box.west, box.south, box.east, box.north) : []
  if (zoom >= maxClusterZoom) {
    const items = ids.map(id => index.items[id]!).filter(keep)
    return { total: items.length, clusters: [], items }
  }
  // Cells are CELL_PX wide in Web Mercator x and y at this zoom; one running sum per cell, no list.
  const scale = (256 * 2 ** zoom) / CELL_PX
  const cells = new Map<number, { count: number, lat: number, lng: number, first: T, bounds: Box }>()
  let total = 0
  for (const id of ids) {
    const item = index.items[id]!
    if (!keep(item)) continue
    total++
    const { lat, lng } = item.location
    // x < 2^22 cells up to zoom 22 with 64 px cells: one number per cell.
    const key = Math.floor(index.y[id]! * scale) * 4_194_304 + Math.floor(index.x[id]! * scale)
    const cell = cells.get(key)
    if (!cell) {
      cells.set(key, { count: 1, lat, lng, first: item, bounds: { west: lng, south: lat, east: lng, north: lat } })
      continue
    }
    cell.count++
    cell.lat += lat
    cell.lng += lng
    if (lng < cell.bounds.west) cell.bounds.west = lng
    if (lng > cell.bounds.east) cell.bounds.east = lng
    if (lat < cell.bounds.south) cell.bounds.south = lat
    if (lat > cell.bounds.north) cell.bounds.north = lat
  }
  const clusters: Cluster[] = []
  const items: T[] = []
  for (const cell of cells.values()) {
    if (cell.count === 1) items.push(cell.first)
    else clusters.push({ lat: cell.lat / cell.count, lng: cell.lng / cell.count, count: cell.count, bounds: cell.bounds })
  }
  return { total, clusters, items }
}
