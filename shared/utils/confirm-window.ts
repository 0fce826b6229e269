import { beijingDate } from './open-state'

const DAY_MS = 86_400_000

/** The window of a station's public count of people who confirmed it (`Place.recentConfirmers`), in days. */
export const CONFIRM_WINDOW_DAYS = 30

/** The first Beijing day of that window: today and the 29 days before. */
export function confirmWindowStart(now: Date): string {
  return beijingDate(new Date(now.getTime() - (CONFIRM_WINDOW_DAYS - 1) * DAY_MS).toISOString())
}
