import type * as Leaflet from 'leaflet'
import type { PlacesView } from '#shared/types/place'
import type { LatLng } from '#shared/utils/geo'
import { badgeSpot } from '#shared/utils/tiles'
import { KINDS } from '#shared/utils/vocabulary'

/** What the map view asks the server, and how it draws the answer. */
export interface RemotePlacesOptions {
  /** The filters' query (kind, amenity, district, open, q), as the list uses them. */
  query: () => Record<string, string | string[]>
  /** A point in WGS-84 to the tiles' coordinate system, and back. */
  onTiles: (point: LatLng) => [number, number]
  fromTiles: (point: LatLng) => LatLng
  /** A single place's popup. */
  popup: (place: PlacesView['places'][number]) => HTMLElement
  /** How a cluster of `count` places is named (its button's label). */
  clusterLabel: (count: number) => string
  /** The request's hooks (the connection state learns from them). */
  hooks: object
  /** An answer was drawn. */
  drawn: () => void
}

/** Waits this long after the map stops moving before asking (a pan is many move events). */
const DEBOUNCE_MS = 250

/**
 * The places of the visible box from `GET /api/places`, in clusters and single places, for views the
 * phone's own city does not cover (zoomed out, or another city): one request per stop, the older one
 * cancelled; at most one DOM element per ~64 px cluster and the single places on one canvas.
 */
export function createRemotePlaces(L: typeof Leaflet, map: Leaflet.Map, options: RemotePlacesOptions) {
  const layer = L.layerGroup()
  const canvas = L.canvas({ padding: 0.5 })
  let timer: ReturnType<typeof setTimeout> | undefined
  let controller: AbortController | undefined

  /** `view` as the server grouped it at `zoom`: each cluster's badge inside its own cell, so none overlap. */
  function draw(view: PlacesView, zoom: number) {
    layer.clearLayers()
    options.drawn()
    for (const cluster of view.clusters) {
      const size = cluster.count < 100 ? 40 : cluster.count < 10_000 ? 48 : 56
      const spot = badgeSpot(map.project([cluster.lat, cluster.lng], zoom), size)
      const marker = L.marker(options.onTiles(map.unproject(L.point(spot.x, spot.y), zoom)), {
        icon: L.divIcon({
          className: 'place-cluster',
          // Only a number goes into this HTML.
          html: `<span>${cluster.count.toLocaleString('zh-CN')}</span>`,
          iconSize: [size, size],
        }),
        title: options.clusterLabel(cluster.count),
        alt: options.clusterLabel(cluster.count),
        keyboard: true,
      })
      const { west, south, east, north } = cluster.bounds
      marker.on('click', () => map.fitBounds(L.latLngBounds([options.onTiles({ lat: south, lng: west }), options.onTiles({ lat: north, lng: east })]), { padding: [32, 32] }))
      layer.addLayer(marker)
    }
    for (const place of view.places) {
      layer.addLayer(L.circleMarker(options.onTiles(place.location), {
        renderer: canvas, radius: 7, weight: 2, color: '#fff', fillColor: KINDS[place.kind].color, fillOpacity: place.status === 'open' ? 1 : 0.45,
      }).bindPopup(() => options.popup(place)))
    }
  }

  async function load() {
    controller?.abort()
    controller = new AbortController()
    const bounds = map.getBounds()
    const sw = options.fromTiles({ lat: bounds.getSouth(), lng: bounds.getWest() })
    const ne = options.fromTiles({ lat: bounds.getNorth(), lng: bounds.getEast() })
    const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value))
    const bbox = [clamp(sw.lng, 180), clamp(sw.lat, 90), clamp(ne.lng, 180), clamp(ne.lat, 90)].map(n => n.toFixed(5)).join(',')
    const zoom = Math.round(map.getZoom())
    try {
      draw(await $fetch<PlacesView>('/api/places', { ...options.hooks, query: { ...options.query(), bbox, zoom }, signal: controller.signal }), zoom)
    }
    catch {
      // Offline or cancelled: the phone's own city stays on the map.
    }
  }

  return {
    layer,
    /** Asks again for the current view, once the map has stopped moving. */
    refresh() {
      clearTimeout(timer)
      timer = setTimeout(load, DEBOUNCE_MS)
    },
    clear() {
      clearTimeout(timer)
      controller?.abort()
      layer.clearLayers()
    },
  }
}
