import type { StationData } from '../schemas/station'

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
  /** When the server computed this answer (ISO instant). */
  generatedAt: string
  places: Place[]
}

/**
 * The first places of the filtered list (`GET /api/stations?limit=20&kind=…`): what a server-rendered
 * list page needs, with the counts of the whole list. The browser then loads every place.
 */
export interface PlacesPage extends PlacesResponse {
  /** Places matching the filters; `places` are the first of them, in the list's order. */
  matching: number
  /** Places in all. */
  total: number
  /** Matching places that are samples. */
  samples: number
}
