import type * as Leaflet from 'leaflet'

interface TileConfig {
  url: string
  labelsUrl?: string
  subdomains?: string
  attribution: string
  maxZoom: number | string
  crossOrigin?: boolean | string
}

/**
 * Adds the configured base tiles (and the optional label layer, as 天地图 needs) to a map, and
 * returns the base layer.
 * Tiles are fetched with CORS when `crossOrigin` is on, so the service worker can cache real
 * responses instead of opaque ones (which count megabytes each against the phone's quota).
 */
export function addTileLayers(L: typeof Leaflet, map: Leaflet.Map, tiles: TileConfig): Leaflet.TileLayer {
  const cors = tiles.crossOrigin === true || tiles.crossOrigin === 'true'
  const options: Leaflet.TileLayerOptions = {
    attribution: tiles.attribution,
    maxZoom: Number(tiles.maxZoom),
    subdomains: tiles.subdomains || 'abc',
    ...(cors ? { crossOrigin: 'anonymous' as const } : {}),
  }
  const base = L.tileLayer(tiles.url, options).addTo(map)
  if (tiles.labelsUrl) L.tileLayer(tiles.labelsUrl, { ...options, attribution: '' }).addTo(map)
  return base
}
