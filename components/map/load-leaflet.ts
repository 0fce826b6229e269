import type * as Leaflet from 'leaflet'
import leafletCss from 'leaflet/dist/leaflet.css?url'

/** Leaflet's stylesheet: in the map page's HTML (MapView), added by loadLeaflet elsewhere. */
export const LEAFLET_CSS = leafletCss
/**
 * The page's HTML preloads the stylesheet in CORS mode (Nuxt preloads a chunk's assets so): linked in
 * another mode, the preload goes unused and the stylesheet is downloaded again.
 */
export const LEAFLET_CSS_CROSSORIGIN = 'anonymous'

/**
 * What a map needs beyond the page: Leaflet, the conversion to and from the tiles' coordinates, and
 * the map page's layer of markers.
 */
export interface MapCode {
  L: typeof Leaflet
  coords: typeof import('#shared/utils/coords')
  markers: typeof import('./place-markers')
}

let loading: Promise<MapCode> | undefined

/**
 * Leaflet, its CSS (which the map page's HTML already links), the coordinate conversion (gcoord) and
 * the markers' layer, fetched once. The map page starts this while it hydrates, so the chunks are on
 * their way before the map mounts; no script of them blocks the first paint, and none is in the page's
 * first JavaScript.
 */
export function loadLeaflet(): Promise<MapCode> {
  loading ??= Promise.all([import('leaflet'), import('#shared/utils/coords'), import('./place-markers'), addStylesheet()])
    .then(async ([L, coords, markers]) => {
      // Evaluating Leaflet is a long task on a phone (about 150 ms): the map is made in the next.
      await new Promise(resolve => setTimeout(resolve))
      return { L, coords, markers }
    })
  return loading
}

/** Links Leaflet's stylesheet unless the page already has it; resolves once it applies. */
function addStylesheet(): Promise<void> {
  if (document.querySelector(`link[rel="stylesheet"][href="${LEAFLET_CSS}"]`)) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: LEAFLET_CSS, crossOrigin: LEAFLET_CSS_CROSSORIGIN })
    link.addEventListener('load', () => resolve())
    link.addEventListener('error', () => reject(new Error(`loadLeaflet: ${LEAFLET_CSS} did not load`)))
    document.head.append(link)
  })
}
