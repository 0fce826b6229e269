import type * as Leaflet from 'leaflet'

let loading: Promise<typeof Leaflet> | undefined

/**
 * Leaflet and its CSS, fetched once. The map page starts this while it hydrates, so the chunk is on
 * its way before the map mounts; neither blocks the first paint.
 */
export function loadLeaflet(): Promise<typeof Leaflet> {
  loading ??= Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')]).then(([leaflet]) => leaflet)
  return loading
}
