import OpeningHours from 'opening_hours'
import type { Schedule } from '../types/place'

/** China Standard Time: UTC+8 all year (no daylight saving since 1991). */
const CST_OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000

// opening_hours reads the *local* wall-clock fields of a Date. To get the hours right (Beijing time) on a server
// in any time zone, hand it Dates whose local fields show Beijing time, and map its answers back.
function toWallClock(instant: Date): Date {
  const b = new Date(instant.getTime() + CST_OFFSET_MS)
  return new Date(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate(), b.getUTCHours(), b.getUTCMinutes(), b.getUTCSeconds())
}

function fromWallClock(wall: Date): Date {
  return new Date(Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes(), wall.getSeconds()) - CST_OFFSET_MS)
}

/** Midnight in Beijing at the start of the day containing `instant`. */
export function startOfBeijingDay(instant: Date): Date {
  return new Date(Math.floor((instant.getTime() + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS)
}

// Public holidays (PH) resolve against China's calendar as far as the opening_hours package knows it.
const NOMINATIM = { lat: 37.688, lon: 112.7526, address: { country_code: 'cn', state: '山西省' } }

// Parsing takes about 0.5 ms; a list of 186,100 places has a few dozen distinct values (issue 10).
const validity = new Map<string, boolean>()

/** True when `value` is valid OpenStreetMap `opening_hours` syntax (parsed by the `opening_hours` package, once per value). */
export function isValidOpeningHours(value: string): boolean {
  let valid = validity.get(value)
  if (valid !== undefined) return valid
  try {
    new OpeningHours(value, NOMINATIM)
    valid = true
  }
  catch {
    valid = false
  }
  if (validity.size >= 10_000) validity.clear()
  validity.set(value, valid)
  return valid
}

/**
 * The open intervals of an OpenStreetMap `opening_hours` value for `days` days from the start of
 * `from`'s day in Beijing, parsed by the `opening_hours` package. Throws on invalid syntax.
 */
export function computeSchedule(hours: string, from: Date, days = 8): Schedule {
  const oh = new OpeningHours(hours, NOMINATIM)
  const start = startOfBeijingDay(from).getTime()
  const end = start + days * DAY_MS
  const intervals: Array<[number, number]> = []
  const unknown: Array<[number, number]> = []
  for (const [a, b, isUnknown] of oh.getOpenIntervals(toWallClock(new Date(start)), toWallClock(new Date(end)))) {
    ;(isUnknown ? unknown : intervals).push([fromWallClock(a).getTime(), fromWallClock(b).getTime()])
  }
  const alwaysOpen = intervals.length === 1 && unknown.length === 0 && intervals[0]![0] === start && intervals[0]![1] === end
  return { alwaysOpen, intervals, unknown, validUntil: end }
}

/** A schedule cut to the window from `from` to `until`: what a page that is shown now needs. */
export function scheduleWindow(schedule: Schedule, from: number, until: number): Schedule {
  const within = ([a, b]: [number, number]) => b > from && a < until
  return {
    alwaysOpen: schedule.alwaysOpen,
    intervals: schedule.intervals.filter(within),
    unknown: schedule.unknown.filter(within),
    validUntil: Math.min(schedule.validUntil, until),
  }
}
