import type * as Leaflet from 'leaflet'

/** What a map needs beyond the page: Leaflet, and the conversion to and from the tiles' coordinates. */
export interface MapCode {
  L: typeof Leaflet
  coords: typeof import('#shared/utils/coords')
}

let loading: Promise<MapCode> | undefined

/**
 * Leaflet, its CSS and the coordinate conversion (gcoord), fetched once. The map page starts this
 * while it hydrates, so the chunks are on their way before the map mounts; none of them blocks the
 * first paint, and none is in the page's first JavaScript.
 */
export function loadLeaflet(): Promise<MapCode> {
  loading ??= Promise.all([import('leaflet'), import('#shared/utils/coords'), import('leaflet/dist/leaflet.css')])
    .then(async ([L, coords]) => {
      // Evaluating Leaflet is a long task on a phone (about 150 ms): the map is made in the next.
      await new Promise(resolve => setTimeout(resolve))
      return { L, coords }
    })
  return loading
}
