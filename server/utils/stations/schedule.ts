// Relative imports: unit tests and the CLI load it without Nuxt's aliases.
import type { Schedule } from '../../../shared/types/place'
import { parseOpeningHours } from '../../../shared/schemas/opening-hours'

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

/**
 * The open intervals of an OpenStreetMap `opening_hours` value for `days` days from the start of
 * `from`'s day in Beijing, parsed by the `opening_hours` package. Throws on invalid syntax.
 */
export function computeSchedule(hours: string, from: Date, days = 8): Schedule {
  const oh = parseOpeningHours(hours)
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
