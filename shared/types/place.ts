import type { StationData } from '../schemas/station'
import type { LatLng } from '../utils/geo'

/**
 * When a place is open over the next days, computed on the server from its `hours`. Instants are
 * milliseconds since 1970 (compact in JSON, compared directly).
 */
export interface Schedule {
  /** Open at every instant of the window (e.g. `24/7`). */
  alwaysOpen: boolean
  /** Open intervals `[from, to)`, sorted. */
  intervals: Array<[number, number]>
  /** Intervals whose state the hours leave open ("by appointment" and the like). */
  unknown: Array<[number, number]>
  /** After this instant the intervals say nothing: the state is unknown. */
  validUntil: number
}

/** A place as the API serves it: the content record plus its id and derived fields. */
export interface Place extends StationData {
  id: string
  /** The name of `district` (a county code), e.g. 榆次区, from the division data on the server. */
  districtName: string
  /** Pinyin initials of the name, for search (e.g. 榆次 -> "yc"). */
  initials: string
  schedule: Schedule
  /**
   * When someone last tapped "仍在正常服务" (ISO instant), from the suggestions database: only taps
   * that count, one per station, sender network and day, from a form the server vouched for.
   */
  lastConfirmed?: string
  /** How many sender networks (IPv4 /24, IPv6 /48) tapped it in the last CONFIRM_WINDOW_DAYS days; absent for none. */
  recentConfirmers?: number
}

export interface PlacesResponse {
  /**
   * When the server computed these places (ISO instant), not when it answered: it moves when a place,
   * its confirmations or the day change, and when a server starts. Shown as the data's age.
   */
  generatedAt: string
  places: Place[]
}

/** The places of one city (a prefecture-level division): what a phone lists, filters and keeps offline. */
export interface CityPlaces extends PlacesResponse {
  /** The city's GB/T 2260 code, e.g. 140700. */
  city: string
}

/**
 * The first places of the filtered list (`GET /api/stations?limit=20&kind=…`): what a server-rendered
 * list page needs, with the counts of the whole list. The browser then loads every place.
 */
export interface PlacesPage extends CityPlaces {
  /** The city's places matching the filters; `places` are the first of them, nearest `near` first, else in the list's order. */
  matching: number
  /** The city's places in all. */
  total: number
  /** Matching places that are samples. */
  samples: number
}

/** A cluster of a map view: how many places, their mean position, and the box that holds them (to zoom into). */
export interface PlaceCluster {
  lat: number
  lng: number
  count: number
  bounds: { west: number, south: number, east: number, north: number }
}

/** `GET /api/places?bbox=&zoom=`: every matching place in the box, alone or in a cluster. */
export interface PlacesView {
  /** The cluster counts plus the single places: every matching place in the box. */
  total: number
  clusters: PlaceCluster[]
  places: Array<Pick<Place, 'id' | 'name' | 'kind' | 'district' | 'districtName' | 'status' | 'sample'> & { location: LatLng }>
}

/** `GET /api/places/search`: one page of the places found, in the list's order, and how many there are. */
export interface PlacesFound {
  total: number
  page: number
  pageSize: number
  places: Array<Pick<Place, 'id' | 'name' | 'kind' | 'district' | 'districtName' | 'address' | 'status' | 'sample'> & { location: LatLng }>
}
