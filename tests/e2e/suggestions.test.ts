import Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { addStaff, client, login, openStores } from '../server/staff-client'
import { launch, phone } from './browser'

const baseURL = inject('baseURL')
let browser: Browser
let db: Database.Database
let stationId: string

interface Row { id: string, kind: string, station_id: string | null, body: string, contact: string | null }
const rowsWhere = (sql: string, ...params: unknown[]) => db.prepare<unknown[], Row>(`SELECT * FROM suggestions WHERE ${sql}`).all(...params)

beforeAll(async () => {
  browser = await launch()
  db = new Database(inject('databasePath'), { readonly: true })
  const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
  stationId = places.find(p => p.kind === 'rest-station' && p.sample && p.status === 'open')!.id
})
afterAll(async () => {
  db?.close()
  await browser?.close()
})

describe('suggestions from a phone', () => {
  it('confirms a station with one tap and shows the date as 最近确认', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/stations/${stationId}`)
    const before = rowsWhere('kind = ? AND station_id = ?', 'confirm', stationId).length
    await page.getByTestId('confirm-station').click()
    await expect.poll(() => page.getByTestId('suggestion-outcome').innerText()).toContain('已提交')
    expect(rowsWhere('kind = ? AND station_id = ?', 'confirm', stationId)).toHaveLength(before + 1)
    await page.reload()
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    expect(await page.getByTestId('last-confirmed').innerText()).toContain(today)
    expect(context.problems).toEqual([])
    await context.close()
  })

  it('reports a problem, storing the text exactly as typed', async () => {
    const note = `门锁着 <b>不是标签</b> > 🔒 ${Date.now()}`
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/stations/${stationId}`)
    await page.getByTestId('report-link').click()
    await page.getByLabel('门锁着进不去').check()
    await page.getByLabel(/补充说明/).fill(note)
    await page.getByLabel(/联系方式/).fill('wx_rider_01')
    await page.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => page.getByTestId('suggestion-outcome').innerText(), { timeout: 10_000 }).toContain('已提交')
    const rows = rowsWhere('kind = ? AND station_id = ? AND body LIKE ?', 'problem', stationId, `%${Date.now().toString().slice(0, 6)}%`)
      .filter(r => JSON.parse(r.body).note === note)
    expect(rows).toHaveLength(1)
    expect(JSON.parse(rows[0]!.body).reason).toBe('locked')
    expect(rows[0]!.contact).toBe('wx_rider_01')
    expect(rows[0]!.body).not.toContain('wx_rider_01')
    await context.close()
  })

  it('shows a clear error next to the field and stores nothing for a bad form', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/stations/${stationId}/report`)
    const before = rowsWhere('station_id = ?', stationId).length
    await page.getByLabel('其他问题').check()
    await page.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => page.locator('.field-error').allInnerTexts()).toContain('选择“其他问题”时请简单说明')
    expect(await page.getByRole('alert').first().innerText()).toContain('有内容需要修改')
    expect(rowsWhere('station_id = ?', stationId)).toHaveLength(before)
    await context.close()
  })

  it('sends a correction with only what changed', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/stations/${stationId}/report`)
    await page.getByText('更正信息', { exact: true }).click()
    await page.getByLabel('电话').fill('0354-7654321')
    await page.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => page.getByTestId('suggestion-outcome').innerText(), { timeout: 10_000 }).toContain('已提交')
    const rows = rowsWhere('kind = ? AND station_id = ?', 'correction', stationId).map(r => JSON.parse(r.body))
    expect(rows.at(-1).changes).toEqual({ phone: '0354-7654321' })
    await context.close()
  })

  it('proposes a new station at the phone\'s position', async () => {
    const here = { latitude: 37.7012, longitude: 112.7398 }
    const name = `测试新驿站 ${Date.now()}`
    const context = await phone(browser, baseURL, { permissions: ['geolocation'], geolocation: here })
    const page = await context.newPage()
    await page.goto('/')
    await page.getByTestId('suggest-link').click()
    await page.waitForURL('**/suggest')
    await page.getByLabel(/名称/).fill(name)
    await page.getByTestId('use-my-position').click()
    await expect.poll(() => page.getByTestId('picked-location').innerText()).toContain('37.70120, 112.73980')
    await page.getByText('饮水').click()
    await page.getByRole('button', { name: '提交推荐' }).click()
    await expect.poll(() => page.getByTestId('suggestion-outcome').innerText(), { timeout: 10_000 }).toContain('已提交')
    const [row] = rowsWhere('kind = ?', 'new-station').map(r => JSON.parse(r.body)).filter(b => b.name === name)
    expect(row.location).toEqual({ lat: here.latitude, lng: here.longitude })
    expect(row.amenities).toEqual(['water'])
    await context.close()
  })

  it('places a new station by tapping the map', async () => {
    const name = `地图点选驿站 ${Date.now()}`
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/suggest')
    await page.locator('[data-testid="map-picker"][data-ready="true"]').waitFor()
    await page.getByLabel(/名称/).fill(name)
    await page.getByTestId('map-picker').click({ position: { x: 100, y: 100 } })
    await expect.poll(() => page.getByTestId('picked-location').count()).toBe(1)
    await page.getByRole('button', { name: '提交推荐' }).click()
    await expect.poll(() => page.getByTestId('suggestion-outcome').innerText(), { timeout: 10_000 }).toContain('已提交')
    const [row] = rowsWhere('kind = ?', 'new-station').map(r => JSON.parse(r.body)).filter(b => b.name === name)
    // Up and left of the default centre (37.688, 112.7526).
    expect(row.location.lat).toBeGreaterThan(37.688)
    expect(row.location.lng).toBeLessThan(112.7526)
    await context.close()
  })
})

describe('offline outbox', () => {
  it('keeps a report made offline as 待发送 and delivers it exactly once when back online', async () => {
    const note = `离线报告 ${Date.now()}`
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/stations/${stationId}/report`)
    await context.setOffline(true)
    await page.getByLabel('设备坏了', { exact: false }).check()
    await page.getByLabel(/补充说明/).fill(note)
    await page.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => page.getByTestId('suggestion-outcome').innerText(), { timeout: 10_000 }).toContain('待发送')
    await expect.poll(() => page.getByTestId('outbox-item').count()).toBe(1)
    const stored = () => rowsWhere('kind = ?', 'problem').filter(r => JSON.parse(r.body).note === note).length
    expect(stored()).toBe(0)

    await context.setOffline(false)
    await expect.poll(stored, { timeout: 15_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('outbox-item').count()).toBe(0)
    // Later flushes (timer, another tab, reopening) must not send it again.
    await page.reload()
    await page.waitForTimeout(1000)
    expect(stored()).toBe(1)
    await context.close()
  })

  it('keeps a refused report on the phone to say so, but not the contact left in it', async () => {
    const { places } = await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse
    const target = places.find(p => p.kind === 'rest-station' && p.status === 'open' && p.id !== stationId)!
    const { stores, close } = openStores(inject('databasePath'))
    const admin = client(baseURL, await login(baseURL, (await addStaff(stores, 'admin')).email))
    await close()
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    const outbox = () => page.evaluate(() => new Promise<Array<{ contact?: string, rejected: boolean }>>((done, fail) => {
      const open = indexedDB.open('yizhan-outbox')
      open.onerror = fail
      open.onsuccess = () => {
        const all = open.result.transaction('suggestions').objectStore('suggestions').getAll()
        all.onsuccess = () => done(all.result.map((item: { body: { contact?: string }, rejected?: unknown }) => ({ contact: item.body.contact, rejected: !!item.rejected })))
      }
    }))
    await page.goto(`/stations/${target.id}/report`)
    await context.setOffline(true)
    await page.getByLabel('设备坏了', { exact: false }).check()
    await page.getByLabel(/联系方式/).fill('13912345678')
    await page.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => page.getByTestId('suggestion-outcome').innerText(), { timeout: 10_000 }).toContain('待发送')
    expect(await outbox()).toEqual([{ contact: '13912345678', rejected: false }])

    // The station is retired before the phone is back online: the server refuses the report for good.
    expect((await admin.post(`/api/admin/stations/${target.id}/retire`, { reason: '测试：站点撤下' })).status).toBe(200)
    try {
      await context.setOffline(false)
      await expect.poll(outbox, { timeout: 15_000 }).toEqual([{ contact: undefined, rejected: true }])
    }
    finally {
      expect((await admin.post(`/api/admin/stations/${target.id}/restore`, { reason: '测试结束' })).status).toBe(200)
    }
    await context.close()
  })

  /** Queues a report offline, then opens the app again online (in a page set up by `init`): is it delivered? */
  async function deliveredOnReopen(init?: () => void) {
    const note = `下次打开时发送 ${Date.now()}`
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/stations/${stationId}/report`)
    await context.setOffline(true)
    await page.getByLabel('关门了', { exact: false }).check()
    await page.getByLabel(/补充说明/).fill(note)
    await page.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => page.getByTestId('suggestion-outcome').innerText(), { timeout: 10_000 }).toContain('待发送')
    await page.close()

    const stored = () => rowsWhere('kind = ?', 'problem').filter(r => JSON.parse(r.body).note === note).length
    expect(stored()).toBe(0)
    await context.setOffline(false)
    const again = await context.newPage()
    if (init) await again.addInitScript(init)
    await again.goto('/')
    await expect.poll(stored, { timeout: 15_000 }).toBe(1)
    await context.close()
  }

  it('delivers a queued suggestion when the app is opened again', () => deliveredOnReopen())

  it('delivers it on a phone that is never idle', () => deliveredOnReopen(() => {
    // The browser's idle time never comes; a callback with a timeout runs when that is up, as the
    // browser would run it.
    window.requestIdleCallback = (callback, options) => options?.timeout
      ? window.setTimeout(() => callback({ didTimeout: true, timeRemaining: () => 0 }), options.timeout)
      : 0
  }))
})
