import type * as Leaflet from 'leaflet'
import type { LatLng } from '#shared/utils/geo'
import type { Crs } from '#shared/utils/coords'
import { loadLeaflet, type MapCode } from './load-leaflet'
import { addTileLayers } from './tile-layers'

/** Where a new map starts: a point and a zoom level, or the box to fit (WGS-84). */
export type MapStart = { center: LatLng, zoom: number } | { fit: LatLng[], maxZoom: number }

/**
 * The one Leaflet set-up of the app's maps (the map page, the location picker, the review queue's
 * small map): Leaflet loaded once, the configured tiles, zoom buttons named in the interface's
 * language, points converted to and from the tiles' coordinate system, the map removed with its
 * component. Call in `setup`; `mount` in `onMounted`.
 */
export function useLeafletMap(container: Ref<HTMLElement | undefined>) {
  const { t, locale } = useI18n()
  const { tiles } = useRuntimeConfig().public
  const crs = (tiles.crs === 'gcj02' ? 'gcj02' : 'wgs84') satisfies Crs
  let L: typeof Leaflet | undefined
  let map: Leaflet.Map | undefined
  let zoomControl: Leaflet.Control.Zoom | undefined
  // The conversion comes with Leaflet (loadLeaflet), not with the page: points are converted only
  // once the map is there.
  let coords: MapCode['coords'] | undefined
  const converter = () => {
    if (!coords) throw new Error('useLeafletMap: a point was converted before the map was mounted')
    return coords
  }

  /** A WGS-84 point where it lies on the tiles (shifted to GCJ-02 when the tiles are). */
  const onTiles = (point: LatLng): [number, number] => {
    const shifted = converter().toCrs(point, crs)
    return [shifted.lat, shifted.lng]
  }
  /** A point on the tiles back in WGS-84. */
  const fromTiles = (point: LatLng): LatLng => converter().fromCrs(point, crs)

  // Leaflet's own titles are English.
  function addZoomControl() {
    if (!L || !map) return
    zoomControl?.remove()
    zoomControl = L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(map)
  }

  /** Makes the map in the container; undefined when the component went away while Leaflet loaded. */
  async function mount(start: MapStart): Promise<{ L: typeof Leaflet, map: Leaflet.Map, base: Leaflet.TileLayer } | undefined> {
    const code = await loadLeaflet()
    L = code.L
    coords = code.coords
    if (!container.value) return undefined
    map = L.map(container.value, { zoomControl: false, attributionControl: false })
    if ('center' in start) map.setView(onTiles(start.center), start.zoom)
    else map.fitBounds(L.latLngBounds(start.fit.map(onTiles)), { maxZoom: start.maxZoom, padding: [24, 24] })
    // The controls, then the tiles, each in a task of their own, the tiles after the next paint: the
    // map, its controls and its first tiles were one long task on a phone, and the tiles' first layout,
    // which Leaflet forces, laid out the whole page again when it came before that paint.
    await new Promise(resolve => setTimeout(resolve))
    if (!map) return undefined
    addZoomControl()
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)))
    if (!map) return undefined
    // The attribution comes with the tiles, whole: one that grew when the tiles named their source moved.
    L.control.attribution().addTo(map)
    return { L, map, base: addTileLayers(L, map, tiles) }
  }

  watch(locale, addZoomControl)
  onBeforeUnmount(() => {
    map?.remove()
    map = undefined
  })
  return { onTiles, fromTiles, mount }
}
