import type { Schedule } from '../types/place'
import type { Status } from './vocabulary'

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
  if (t >= Date.parse(schedule.validUntil)) return { state: 'unknown', alwaysOpen: false }
  if (schedule.alwaysOpen) return { state: 'open', alwaysOpen: true }
  const inside = ([a, b]: [string, string]) => Date.parse(a) <= t && t < Date.parse(b)
  const current = schedule.intervals.find(inside)
  if (current) return { state: 'open', alwaysOpen: false, changesAt: current[1] }
  if (schedule.unknown.some(inside)) return { state: 'unknown', alwaysOpen: false }
  const next = schedule.intervals.find(([a]) => Date.parse(a) > t)
  return { state: 'closed', alwaysOpen: false, changesAt: next?.[0] }
}

const timeFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
/** `YYYY-MM-DD` of an instant in Beijing. */
const dateKey = (d: Date) => dateFormat.format(d)
/** The calendar date of an instant in Beijing, `YYYY-MM-DD`. */
export const beijingDate = (iso: string) => dateKey(new Date(iso))
/** Date and time of an instant in Beijing, `YYYY-MM-DD HH:mm`. */
export const beijingDateTime = (iso: string) => `${beijingDate(iso)} ${timeFormat.format(new Date(iso))}`
const monthDay = (d: Date) => dateKey(d).split('-').slice(1).map(Number).join('月') + '日'

/** A short Chinese label for a badge: "24小时", "营业中 · 至 18:00", "已关闭 · 明天 08:00 开门"... */
export function openStateLabel(open: OpenState, now: Date, status: Status = 'open'): string {
  if (status === 'temporarily-closed') return '暂停服务'
  if (status === 'closed') return '已关闭'
  if (open.alwaysOpen) return '24小时'
  if (open.state === 'unknown') return '时间待确认'
  if (!open.changesAt) return open.state === 'open' ? '营业中' : '已关闭'
  const at = new Date(open.changesAt)
  const days = (Date.parse(dateKey(at)) - Date.parse(dateKey(now))) / 86_400_000
  const day = days === 0 ? '' : days === 1 ? '明天 ' : `${monthDay(at)} `
  const time = timeFormat.format(at)
  return open.state === 'open' ? `营业中 · 至 ${day}${time}` : `未营业 · ${day}${time} 开门`
}

const WEEKDAYS: Record<string, string> = { Mo: '周一', Tu: '周二', We: '周三', Th: '周四', Fr: '周五', Sa: '周六', Su: '周日', PH: '法定节假日', SH: '学校假期' }

/** Makes an `opening_hours` value readable in Chinese by replacing its day and keyword tokens. */
export function hoursLabel(hours: string): string {
  if (hours.trim() === '24/7') return '全天 24 小时'
  return hours
    .replace(/\b(Mo|Tu|We|Th|Fr|Sa|Su|PH|SH)\b/g, token => WEEKDAYS[token]!)
    .replace(/\boff\b/g, '休息')
    .replace(/\bunknown\b/g, '不定')
    .replace(/;\s*/g, '；')
    .replace(/,\s*/g, '、')
}
