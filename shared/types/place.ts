import type { StationData } from '../schemas/station'

/** When a place is open over the next days, computed on the server from its `hours` (ISO instants). */
export interface Schedule {
  /** Open at every instant of the window (e.g. `24/7`). */
  alwaysOpen: boolean
  /** Open intervals `[from, to)` as ISO instants, sorted. */
  intervals: Array<[string, string]>
  /** Intervals whose state the hours leave open ("by appointment" and the like). */
  unknown: Array<[string, string]>
  /** After this instant the intervals say nothing: the state is unknown. */
  validUntil: string
}

/** A place as the API serves it: the content record plus its id and derived fields. */
export interface Place extends StationData {
  id: string
  /** Pinyin initials of the name, for search (e.g. 榆次 -> "yc"). */
  initials: string
  schedule: Schedule
  /** When someone last tapped "仍在正常服务" (ISO instant), from the suggestions database. */
  lastConfirmed?: string
}

export interface PlacesResponse {
  /** When the server computed this answer (ISO instant). */
  generatedAt: string
  places: Place[]
}
