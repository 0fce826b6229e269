import { afterEach, describe, expect, it } from 'vitest'
import { computeSchedule, startOfBeijingDay } from '../../server/utils/stations/schedule'
import { hoursLabel, openStateAt, openStateLabel } from '../../shared/utils/open-state'
import { uiText } from './messages'

// Instants written in Beijing time (UTC+8) so the tables read like a person's week.
const cst = (local: string) => new Date(`${local}+08:00`)
const MONDAY_0900 = cst('2026-11-30T09:00:00') // 2026-11-30 is a Monday

describe('computeSchedule + openStateAt', () => {
  it.each([
    ['24/7', MONDAY_0900, 'open', true, undefined],
    ['Mo-Fr 08:00-18:00', MONDAY_0900, 'open', false, cst('2026-11-30T18:00:00')],
    ['Mo-Fr 08:00-18:00', cst('2026-11-30T07:59:00'), 'closed', false, cst('2026-11-30T08:00:00')],
    ['Mo-Fr 08:00-18:00', cst('2026-11-30T18:00:00'), 'closed', false, cst('2026-12-01T08:00:00')],
    ['Mo-Fr 08:00-18:00', cst('2026-12-05T10:00:00'), 'closed', false, cst('2026-12-07T08:00:00')],
    ['Mo-Fr 08:00-12:00,14:30-18:00', cst('2026-11-30T13:00:00'), 'closed', false, cst('2026-11-30T14:30:00')],
    ['Mo-Su 20:00-06:00', cst('2026-12-01T02:00:00'), 'open', false, cst('2026-12-01T06:00:00')],
    ['Mo-Su 06:30-20:00', cst('2026-11-29T23:30:00'), 'closed', false, cst('2026-11-30T06:30:00')],
    ['Sa,Su 09:00-17:00', MONDAY_0900, 'closed', false, cst('2026-12-05T09:00:00')],
    ['Mo-Fr 09:00-17:00 "预约开放"', cst('2026-11-30T10:00:00'), 'unknown', false, undefined],
  ] as const)('%s at %s is %s', (hours, now, state, alwaysOpen, changesAt) => {
    const open = openStateAt(computeSchedule(hours, now), now)
    expect(open.state).toBe(state)
    expect(open.alwaysOpen).toBe(alwaysOpen)
    expect(open.changesAt).toBe(changesAt?.toISOString())
  })

  it('marks "unknown" intervals as unknown, not open', () => {
    const schedule = computeSchedule('Mo-Fr 08:00-18:00 unknown', MONDAY_0900)
    expect(openStateAt(schedule, MONDAY_0900).state).toBe('unknown')
  })

  it('knows nothing after the schedule window ends', () => {
    const schedule = computeSchedule('24/7', MONDAY_0900, 2)
    expect(openStateAt(schedule, cst('2026-12-02T00:00:01')).state).toBe('unknown')
  })

  it('treats a temporarily closed or closed place as closed whatever its hours', () => {
    const schedule = computeSchedule('24/7', MONDAY_0900)
    expect(openStateAt(schedule, MONDAY_0900, 'temporarily-closed').state).toBe('closed')
    expect(openStateAt(schedule, MONDAY_0900, 'closed').state).toBe('closed')
  })

  it('throws on hours that are not opening_hours syntax', () => {
    expect(() => computeSchedule('每天早八点到晚六点', MONDAY_0900)).toThrow()
  })
})

describe('time zones', () => {
  const original = process.env.TZ
  afterEach(() => {
    process.env.TZ = original
  })

  it.each(['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati'])('gives Beijing hours on a server in %s', (tz) => {
    process.env.TZ = tz
    const schedule = computeSchedule('Mo-Fr 08:00-18:00', MONDAY_0900)
    expect(schedule.intervals[0]).toEqual([cst('2026-11-30T08:00:00').getTime(), cst('2026-11-30T18:00:00').getTime()])
    expect(startOfBeijingDay(MONDAY_0900).toISOString()).toBe(cst('2026-11-30T00:00:00').toISOString())
  })
})

describe('labels', () => {
  it.each([
    ['24/7', MONDAY_0900, 'open', 'zh-CN', '24小时'],
    ['Mo-Fr 08:00-18:00', MONDAY_0900, 'open', 'zh-CN', '营业中 · 至 18:00'],
    ['Mo-Fr 08:00-18:00', cst('2026-11-30T19:00:00'), 'open', 'zh-CN', '未营业 · 明天 08:00 开门'],
    ['Mo-Fr 08:00-18:00', cst('2026-12-05T10:00:00'), 'open', 'zh-CN', '未营业 · 12月7日 08:00 开门'],
    ['Mo-Fr 09:00-17:00 unknown', cst('2026-11-30T10:00:00'), 'open', 'zh-CN', '时间待确认'],
    ['24/7', MONDAY_0900, 'temporarily-closed', 'zh-CN', '暂停服务'],
    ['24/7', MONDAY_0900, 'closed', 'zh-CN', '已关闭'],
    ['24/7', MONDAY_0900, 'open', 'en', 'Open 24 h'],
    ['Mo-Fr 08:00-18:00', MONDAY_0900, 'open', 'en', 'Open · until 18:00'],
    ['Mo-Fr 08:00-18:00', cst('2026-11-30T19:00:00'), 'open', 'en', 'Closed · opens tomorrow 08:00'],
    ['Mo-Fr 08:00-18:00', cst('2026-12-05T10:00:00'), 'open', 'en', 'Closed · opens Dec 7, 08:00'],
    ['Mo-Fr 09:00-17:00 unknown', cst('2026-11-30T10:00:00'), 'open', 'en', 'Hours unconfirmed'],
    ['24/7', MONDAY_0900, 'temporarily-closed', 'en', 'Temporarily closed'],
    ['24/7', MONDAY_0900, 'closed', 'en', 'Closed'],
  ] as const)('%s at %s (%s) reads in %s "%s"', (hours, now, status, locale, label) => {
    const open = openStateAt(computeSchedule(hours, now), now, status)
    expect(openStateLabel(open, now, status, uiText(locale))).toBe(label)
  })

  it.each([
    ['24/7', 'zh-CN', '全天 24 小时'],
    ['Mo-Fr 08:00-18:00', 'zh-CN', '周一-周五 08:00-18:00'],
    ['Mo-Fr 08:00-12:00,14:30-18:00; PH off', 'zh-CN', '周一-周五 08:00-12:00、14:30-18:00；法定节假日 休息'],
    ['Sa,Su 09:00-17:00', 'zh-CN', '周六、周日 09:00-17:00'],
    ['24/7', 'en', 'Open 24 hours'],
    ['Mo-Fr 08:00-18:00', 'en', 'Mon-Fri 08:00-18:00'],
    ['Mo-Fr 08:00-12:00,14:30-18:00; PH off', 'en', 'Mon-Fri 08:00-12:00, 14:30-18:00; public holidays closed'],
    ['Sa,Su 09:00-17:00', 'en', 'Sat, Sun 09:00-17:00'],
    ['Mo-Fr 09:00-17:00 unknown', 'en', 'Mon-Fri 09:00-17:00 (unconfirmed)'],
  ] as const)('renders %s in %s as %s', (hours, locale, label) => {
    expect(hoursLabel(hours, uiText(locale).t)).toBe(label)
  })
})
