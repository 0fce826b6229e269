import type { LatLng } from './geo'

/** Map tiles are 256 px squares in Web Mercator, as in Leaflet and every common tile host. */
export const TILE_SIZE = 256

/** The server groups far-out places in squares this many pixels wide at the view's zoom (server/spatial/place-index.ts). */
export const CLUSTER_CELL_PX = 64

/**
 * Where the badge of a cluster, `size` px wide, goes: at its places' centre `at` (a world pixel, as
 * worldPixel gives), moved into its square as far from the square's edges as half the badge. The
 * centres of two neighbouring squares' places can lie a pixel apart; their badges then touch at most.
 */
export function badgeSpot(at: { x: number, y: number }, size: number): { x: number, y: number } {
  const margin = Math.min(size, CLUSTER_CELL_PX) / 2
  const inside = (v: number) => {
    const start = Math.floor(v / CLUSTER_CELL_PX) * CLUSTER_CELL_PX
    return Math.min(start + CLUSTER_CELL_PX - margin, Math.max(start + margin, v))
  }
  return { x: inside(at.x), y: inside(at.y) }
}

/** A tile near the centre of a view: its address and where its top-left corner sits, from the centre. */
export interface TileAt {
  x: number
  y: number
  z: number
  /** Pixels from the view's centre to the tile's left edge (usually negative). */
  left: number
  /** Pixels from the view's centre to the tile's top edge. */
  top: number
}

/** A point's pixel position in the whole Web Mercator world at `zoom` (as Leaflet's EPSG:3857 projects it). */
export function worldPixel({ lat, lng }: LatLng, zoom: number): { x: number, y: number } {
  const scale = TILE_SIZE * 2 ** zoom
  const sin = Math.sin((Math.max(-85.0511287798, Math.min(85.0511287798, lat)) * Math.PI) / 180)
  return {
    x: ((lng + 180) / 360) * scale,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale,
  }
}

/** The tiles a view centred on `center` shows within `radius` pixels of its centre, row by row. */
export function tilesAround(center: LatLng, zoom: number, radius: number): TileAt[] {
  const c = worldPixel(center, zoom)
  const first = (v: number) => Math.floor((v - radius) / TILE_SIZE)
  const last = (v: number) => Math.floor((v + radius) / TILE_SIZE)
  const tiles: TileAt[] = []
  for (let y = first(c.y); y <= last(c.y); y++) {
    for (let x = first(c.x); x <= last(c.x); x++) {
      tiles.push({ x, y, z: zoom, left: Math.round(x * TILE_SIZE - c.x), top: Math.round(y * TILE_SIZE - c.y) })
    }
  }
  return tiles
}

/**
 * A tile's URL from a Leaflet-style template (`{s}`, `{z}`, `{x}`, `{y}`, and `{r}`, empty as Leaflet
 * leaves it without detectRetina), with the subdomain Leaflet itself would pick, so the browser's
 * cache serves the map what the page already fetched.
 */
export function tileUrl(template: string, { x, y, z }: Pick<TileAt, 'x' | 'y' | 'z'>, subdomains = 'abc'): string {
  const s = subdomains[Math.abs(x + y) % subdomains.length] ?? ''
  return template.replace(/\{s\}/g, s).replace(/\{z\}/g, String(z)).replace(/\{x\}/g, String(x)).replace(/\{y\}/g, String(y)).replace(/\{r\}/g, '')
}
