import type { Schedule } from '../types/place'
import type { Status } from './vocabulary'
import type { Translate, UiLocale, UiText } from './locale'

export interface OpenState {
  state: 'open' | 'closed' | 'unknown'
  alwaysOpen: boolean
  /** When `state` next changes, if known within the schedule's window (ISO instant). */
  changesAt?: string
}

/** Whether a place is open at `now`, from the schedule the server computed. Pure and cheap. */
export function openStateAt(schedule: Schedule, now: Date, status: Status = 'open'): OpenState {
  const t = now.getTime()
  if (status !== 'open') return { state: 'closed', alwaysOpen: false }
  if (t >= schedule.validUntil) return { state: 'unknown', alwaysOpen: false }
  if (schedule.alwaysOpen) return { state: 'open', alwaysOpen: true }
  const inside = ([a, b]: [number, number]) => a <= t && t < b
  const current = schedule.intervals.find(inside)
  if (current) return { state: 'open', alwaysOpen: false, changesAt: new Date(current[1]).toISOString() }
  if (schedule.unknown.some(inside)) return { state: 'unknown', alwaysOpen: false }
  const next = schedule.intervals.find(([a]) => a > t)
  return { state: 'closed', alwaysOpen: false, changesAt: next && new Date(next[0]).toISOString() }
}

// Beijing keeps UTC+8 all year (no daylight saving since 1991), so its wall clock is arithmetic: on a
// phone, Intl.DateTimeFormat with a time zone cost more than every badge's other work together.
const BEIJING_OFFSET_MS = 8 * 3_600_000
const beijingIso = (d: Date) => new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString()
/** `YYYY-MM-DD` of an instant in Beijing. */
const dateKey = (d: Date) => beijingIso(d).slice(0, 10)
/** `HH:mm` of an instant in Beijing. */
const clock = (d: Date) => beijingIso(d).slice(11, 16)
/** The calendar date of an instant in Beijing, `YYYY-MM-DD`. */
export const beijingDate = (iso: string) => dateKey(new Date(iso))
/** Date and time of an instant in Beijing, `YYYY-MM-DD HH:mm`. */
export const beijingDateTime = (iso: string) => `${beijingDate(iso)} ${clock(new Date(iso))}`
const monthDayFormats = new Map<UiLocale, Intl.DateTimeFormat>()
/** "12月7日" or "Dec 7", in Beijing. */
const monthDay = (d: Date, locale: UiLocale) => {
  if (!monthDayFormats.has(locale)) monthDayFormats.set(locale, new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric' }))
  return monthDayFormats.get(locale)!.format(d)
}

/**
 * A short label for a badge in the interface's language: "24小时", "营业中 · 至 18:00",
 * "未营业 · 明天 08:00 开门"; "Open 24 h", "Open · until 18:00", "Closed · opens tomorrow 08:00"...
 */
export function openStateLabel(open: OpenState, now: Date, status: Status, { t, locale }: UiText): string {
  if (status === 'temporarily-closed') return t('open.paused')
  if (status === 'closed') return t('open.closed')
  if (open.alwaysOpen) return t('open.always')
  if (open.state === 'unknown') return t('open.unknown')
  if (!open.changesAt) return t(open.state === 'open' ? 'open.open' : 'open.closed')
  const at = new Date(open.changesAt)
  const days = (Date.parse(dateKey(at)) - Date.parse(dateKey(now))) / 86_400_000
  const time = clock(at)
  const when = days === 0 ? time : days === 1 ? t('open.tomorrow', { time }) : t('open.onDate', { date: monthDay(at, locale), time })
  return t(open.state === 'open' ? 'open.openUntil' : 'open.opensAt', { when })
}

/** Makes an `opening_hours` value readable by replacing its day and keyword tokens with words. */
export function hoursLabel(hours: string, t: Translate): string {
  if (hours.trim() === '24/7') return t('hours.always')
  return hours
    .replace(/\b(Mo|Tu|We|Th|Fr|Sa|Su|PH|SH)\b/g, token => t(`hours.day.${token}`))
    .replace(/\boff\b/g, t('hours.off'))
    .replace(/\bunknown\b/g, t('hours.unknown'))
    .replace(/;\s*/g, t('hours.ruleSeparator'))
    .replace(/,\s*/g, t('hours.listSeparator'))
}
