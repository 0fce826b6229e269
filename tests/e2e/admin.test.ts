import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { PlacesResponse } from '../../shared/types/place'
import { addStaff, openStores, PASSWORD } from '../server/staff-client'
import { launch, phone } from './browser'

const baseURL = inject('baseURL')
let browser: Browser
let email: string
let places: PlacesResponse['places']

// Texts a hostile member of the public might send: they must show as text, never run.
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  '<a href="javascript:window.__xss=4">点我</a>',
]

async function post(body: Record<string, unknown>) {
  const response = await fetch(`${baseURL}/api/suggestions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), fillMs: 5000, ...body }) })
  expect(response.status).toBe(201)
}

async function signIn(page: Page) {
  await page.goto('/admin')
  await page.waitForURL('**/admin/login')
  await page.getByLabel(/邮箱/).fill(email)
  await page.getByLabel(/密码/).fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(/\/admin$/)
}

beforeAll(async () => {
  browser = await launch()
  const { stores, close } = openStores(inject('databasePath'))
  email = (await addStaff(stores, 'admin')).email
  await close()
  places = (await (await fetch(`${baseURL}/api/stations`)).json() as PlacesResponse).places
})
afterAll(() => browser?.close())

describe('the staff workspace in a browser', () => {
  it('shows suggestion texts full of HTML and script inert', async () => {
    const station = places.find(p => p.kind === 'rest-station' && p.districtName === '榆次区')!
    for (const note of PAYLOADS) await post({ kind: 'problem', stationId: station.id, reason: 'other', note, contact: note })
    await post({ kind: 'new-station', name: PAYLOADS[0], location: { lat: 37.7, lng: 112.74 }, address: PAYLOADS[1] })

    const context = await phone(browser, baseURL, { viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    let dialogs = 0
    page.on('dialog', (dialog) => {
      dialogs++
      dialog.dismiss()
    })
    await signIn(page)
    await expect.poll(() => page.getByTestId('review-item').count()).toBeGreaterThanOrEqual(PAYLOADS.length)
    const text = await page.locator('main').innerText()
    for (const payload of PAYLOADS) expect(text).toContain(payload)
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined()
    expect(await page.locator('main img[src="x"], main svg[onload], main a[href^="javascript:"], main script').count()).toBe(0)
    expect(dialogs).toBe(0)
    await context.close()
  })

  it('closes a station temporarily and the public page shows 暂停服务 at once, with the change in its history', async () => {
    const station = places.find(p => p.status === 'open' && p.kind === 'rest-station' && p.sample)!
    const context = await phone(browser, baseURL, { viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signIn(page)
    await page.goto(`/admin/stations/${station.id}`)
    await page.locator('select[name="status"]').selectOption('temporarily-closed')
    await page.locator('input[name="statusNote"]').fill('水管维修')
    await page.locator('input[name="reason"]').fill('站长电话告知')
    await page.getByRole('button', { name: /保存/ }).click()
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('已保存')
    await expect.poll(() => page.getByTestId('history').innerText()).toContain('站长电话告知')

    const publicPage = await context.newPage()
    await publicPage.goto(`/stations/${station.id}`)
    expect(await publicPage.locator('main').innerText()).toContain('暂停服务')
    await context.close()
  })

  it('accepts a suggestion from the queue', async () => {
    const station = places.find(p => p.status === 'open' && p.kind === 'rest-station' && p.districtName === '太谷区')!
    await post({ kind: 'correction', stationId: station.id, changes: { phone: '0354-1112223' } })
    const context = await phone(browser, baseURL, { viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signIn(page)
    await page.locator('select').nth(0).selectOption('correction')
    const item = page.getByTestId('review-item').filter({ hasText: '0354-1112223' })
    await expect.poll(() => item.count()).toBe(1)
    expect(await item.locator('table').innerText()).toContain('0354-1112223')
    await item.getByTestId('accept').click()
    await expect.poll(async () => (await (await fetch(`${baseURL}/api/stations/${station.id}`)).json()).phone).toBe('0354-1112223')
    await context.close()
  })

  it('finds a station in the list of all stations by its pinyin initials, on a 360 px screen, and keeps the search after a visit', async () => {
    const station = places.find(p => p.districtName === '灵石县' && p.initials.length >= 3)!
    const context = await phone(browser, baseURL, { viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    await signIn(page)
    await page.getByRole('navigation').getByRole('link', { name: '站点' }).click()
    await page.waitForURL('**/admin/stations')
    await expect.poll(() => page.getByTestId('stations-total').innerText()).toContain(`共 ${places.length} 个站点`)
    expect(await page.getByTestId('admin-station').count()).toBe(20)

    await page.getByTestId('station-search').fill(station.initials)
    await page.waitForURL(url => url.searchParams.get('q') === station.initials)
    await expect.poll(() => page.getByTestId('stations-total').innerText()).not.toContain(`共 ${places.length} 个`)
    expect(await page.getByTestId('admin-station').filter({ hasText: station.name }).count()).toBe(1)
    const found = await page.getByTestId('admin-station').count()
    expect(found).toBeLessThan(20)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    await page.getByRole('link', { name: station.name }).click()
    await page.waitForURL(`**/admin/stations/${station.id}`)
    await expect.poll(() => page.locator('h1').innerText()).toContain(station.name)
    await page.goBack()
    await page.waitForURL(url => url.pathname === '/admin/stations' && url.searchParams.get('q') === station.initials)
    await expect.poll(() => page.getByTestId('station-search').inputValue()).toBe(station.initials)
    await expect.poll(() => page.getByTestId('admin-station').count()).toBe(found)

    await page.getByTestId('station-search').fill('没有这样的站点名称')
    await expect.poll(() => page.getByText('没有符合条件的站点').count()).toBe(1)
    await context.close()
  })

  it('fixes the address of a station found from the list, and the public page shows it at once; typed 百度 coordinates become WGS-84', async () => {
    const station = places.find(p => p.districtName === '太谷区' && p.status === 'open')!
    const context = await phone(browser, baseURL, { viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signIn(page)
    await page.goto('/admin/stations')
    // The station page's code arrives slowly, as on a loaded machine or one bar of signal: the search
    // still waiting for its pause must not pull the person back to the list (it did).
    await context.route(/\/_nuxt\/.+\.js$/, async (route) => {
      await new Promise(resolve => setTimeout(resolve, 800))
      await route.continue()
    })
    await page.getByTestId('station-search').fill(station.name)
    await page.getByRole('link', { name: station.name }).click()
    await page.waitForURL(`**/admin/stations/${station.id}`)
    await context.unroute(/\/_nuxt\/.+\.js$/)
    const address = page.locator('input[name="address"]')
    await expect.poll(() => address.inputValue()).toBe(station.address)

    // 晋中市人民政府 as 百度地图 shows it (BD-09) is 37.6880, 112.7526 in WGS-84.
    await page.locator('input[name="typedLat"]').fill('37.694501')
    await page.locator('input[name="typedLng"]').fill('112.765662')
    await page.locator('select[name="typedCrs"]').selectOption('bd09')
    await page.getByRole('button', { name: '用这组坐标放置图钉' }).click()
    await expect.poll(() => page.getByTestId('location-wgs84').innerText()).toMatch(/WGS-84: 37\.68\d+, 112\.75\d+/)
    await page.locator('input[name="typedLat"]').fill('北纬 37 度')
    await page.getByRole('button', { name: '用这组坐标放置图钉' }).click()
    await expect.poll(() => page.getByRole('alert').first().innerText()).toContain('请填写有效的纬度')
    // The pin goes back where it was: only the address changes.
    await page.locator('input[name="typedLat"]').fill(String(station.location.lat))
    await page.locator('select[name="typedCrs"]').selectOption('wgs84')
    await page.locator('input[name="typedLng"]').fill(String(station.location.lng))
    await page.getByRole('button', { name: '用这组坐标放置图钉' }).click()
    await expect.poll(() => page.getByTestId('location-wgs84').innerText()).toBe(`WGS-84: ${station.location.lat.toFixed(6)}, ${station.location.lng.toFixed(6)}`)

    // A bad value is named with its field and a reason in Chinese; nothing changes.
    await address.fill('短')
    await page.locator('input[name="reason"]').fill('区总工会来电更正地址')
    await page.locator('input[name="address"]').evaluate((el: HTMLInputElement) => el.removeAttribute('required'))
    await page.getByRole('button', { name: /保存/ }).click()
    await expect.poll(() => page.locator('.alert--error').innerText()).toContain('地址：地址至少 2 个字')

    await address.fill('太谷区新华街 18 号（测试更正）')
    await page.getByRole('button', { name: /保存/ }).click()
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('已保存')
    await expect.poll(() => page.getByTestId('history').innerText()).toContain('区总工会来电更正地址')

    const publicPage = await context.newPage()
    await publicPage.goto(`/stations/${station.id}`)
    expect(await publicPage.locator('main').innerText()).toContain('太谷区新华街 18 号（测试更正）')
    const now = await (await fetch(`${baseURL}/api/stations/${station.id}`)).json() as PlacesResponse['places'][number]
    expect(now.address).toBe('太谷区新华街 18 号（测试更正）')
    expect(now.location).toEqual(station.location)
    await context.close()
  })

  it('adds a station from the workspace, which is then on the public map; retires it and restores it', async () => {
    const name = '浏览器测试新增驿站'
    const publicNames = async () => ((await (await fetch(`${baseURL}/api/stations`)).json()) as PlacesResponse).places.map(p => p.name)
    const context = await phone(browser, baseURL, { viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signIn(page)
    await page.goto('/admin/stations')
    await page.getByRole('link', { name: /新增站点/ }).click()
    await page.waitForURL('**/admin/stations/new')
    await page.locator('input[name="name"]').fill(name)
    await page.locator('select[name="district"]').selectOption('榆次区')
    await page.locator('input[name="address"]').fill('榆次区测试路 1 号')
    await page.locator('input[name="typedLat"]').fill('37.6892')
    await page.locator('input[name="typedLng"]').fill('112.7585')
    await page.getByRole('button', { name: '用这组坐标放置图钉' }).click()
    await expect.poll(() => page.getByTestId('location-wgs84').innerText()).toMatch(/WGS-84: 37\.68\d+, 112\.75\d+/)
    await page.locator('input[name="hours"]').fill('Mo-Su 08:00-20:00')
    await page.locator('input[name="operator"]').fill('榆次区总工会')
    await page.locator('input[name="sourceName"]').fill('区总工会 2026 年名单')
    await page.locator('input[name="reason"]').fill('区总工会新建驿站')
    await page.getByRole('button', { name: /新增，立即/ }).click()
    await page.waitForURL(url => /\/admin\/stations\/[a-z0-9-]+$/.test(url.pathname) && !url.pathname.endsWith('/new'))
    await expect.poll(() => page.locator('h1').innerText()).toContain(name)
    expect(await publicNames()).toContain(name)

    await page.locator('input[name="retireReason"]').fill('测试结束，撤下')
    await page.getByRole('button', { name: '确认下线' }).click()
    await expect.poll(() => page.getByTestId('retired-notice').count()).toBe(1)
    expect(await publicNames()).not.toContain(name)
    await page.goto('/admin/stations?retired=1')
    await expect.poll(() => page.getByTestId('admin-station').filter({ hasText: name }).count()).toBe(1)
    // The switch shows that only retired stations are listed.
    expect(await page.locator('label.chip', { has: page.getByTestId('show-retired') }).getAttribute('class')).toContain('chip--on')
    await page.getByRole('link', { name }).click()
    await page.locator('input[name="retireReason"]').fill('误操作，恢复')
    await page.getByRole('button', { name: '恢复上线' }).click()
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('已恢复')
    expect(await publicNames()).toContain(name)
    await expect.poll(() => page.getByTestId('history').innerText()).toContain('误操作，恢复')
    // Off the map again, so later test files see the bundled places only.
    await page.locator('input[name="retireReason"]').fill('测试结束')
    await page.getByRole('button', { name: '确认下线' }).click()
    await expect.poll(() => page.getByTestId('retired-notice').count()).toBe(1)
    await context.close()
  })

  it('imports an .xlsx with 3 good and 2 bad rows: asks the coordinate system, names the bad rows and reasons, writes 3, undoes them', async () => {
    const header = ['名称', '区县', '地址', '纬度', '经度', '开放时间', '设施', '运营单位']
    const row = (n: number) => [`浏览器导入驿站${n}号`, '榆次区', `导入路 ${n} 号`, 37.62 + n * 0.004, 112.62 + n * 0.004, '每天 8:00-20:00', '饮水', '测试工会']
    const bad1 = row(4)
    bad1[3] = '三十七'
    const bad2 = row(5)
    bad2[6] = '按摩椅'
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('名单')
    for (const cells of [header, row(1), bad1, row(2), bad2, row(3)]) sheet.addRow(cells)
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-import-'))
    const file = join(dir, '工会名单.xlsx')
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()))
    const publicNames = async () => ((await (await fetch(`${baseURL}/api/stations`)).json()) as PlacesResponse).places.map(p => p.name)

    const context = await phone(browser, baseURL, { viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signIn(page)
    await page.getByRole('link', { name: '表格导入' }).click()
    await page.waitForURL('**/admin/import')
    await page.locator('input[name="file"]').setInputFiles(file)
    await page.getByRole('button', { name: '上传并预览' }).click()
    // No 坐标系 column: the page asks before anything is read as a station.
    await expect.poll(() => page.getByTestId('import-error').innerText()).toContain('没有说明坐标是哪种坐标系')
    await page.locator('select[name="crs"]').selectOption('gcj02')
    await page.getByRole('button', { name: '上传并预览' }).click()
    await expect.poll(() => page.getByTestId('import-summary').innerText()).toContain('新增 3 个，修改 0 个，无变化 0 个，有错误 2 行')
    const problems = await page.getByTestId('import-problems').innerText()
    expect(problems).toMatch(/3\s+纬度\s+纬度「三十七」不是数字/)
    expect(problems).toMatch(/5\s+设施\s+未知设施「按摩椅」/)
    expect(await publicNames()).not.toContain('浏览器导入驿站1号')

    await page.getByRole('button', { name: '写入选中的 3 行' }).click()
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('已写入 3 行')
    expect((await publicNames()).filter(name => name.startsWith('浏览器导入驿站')).sort()).toEqual(['浏览器导入驿站1号', '浏览器导入驿站2号', '浏览器导入驿站3号'])
    await expect.poll(() => page.getByTestId('import-recent').innerText()).toContain('已写入')

    await page.getByTestId('import-undo').click()
    await page.getByTestId('import-undo-confirm').click()
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('已撤销这次导入')
    expect((await publicNames()).filter(name => name.startsWith('浏览器导入驿站'))).toEqual([])

    // The page fits a 360 px phone: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 800 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await context.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('adds an editor with a password made by the system, who then signs in; disabling the account stops that', async () => {
    const editorEmail = `editor-${randomUUID().slice(0, 8)}@example.org`
    const context = await phone(browser, baseURL, { viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await signIn(page)
    await page.getByRole('navigation').getByRole('link', { name: '账号' }).click()
    await page.waitForURL('**/admin/staff')
    await page.getByTestId('staff-add').locator('input[name="email"]').fill(editorEmail)
    await page.getByTestId('staff-add').locator('select[name="district"]').selectOption('灵石县')
    await page.getByRole('button', { name: '新增账号' }).click()
    await expect.poll(() => page.getByTestId('one-time-password').count()).toBe(1)
    const password = (await page.getByTestId('one-time-password').locator('code').innerText()).trim()
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
    // The list is loaded again after the answer: wait for it.
    await expect.poll(() => page.getByTestId('staff-account').filter({ hasText: editorEmail }).count()).toBe(1)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    const editorContext = await phone(browser, baseURL)
    const editorPage = await editorContext.newPage()
    await editorPage.goto('/admin/login')
    await editorPage.getByLabel(/邮箱/).fill(editorEmail)
    await editorPage.getByLabel(/密码/).fill(password)
    await editorPage.getByRole('button', { name: '登录' }).click()
    await editorPage.waitForURL(/\/admin$/)
    expect(await editorPage.getByRole('navigation').innerText()).toContain('灵石县')
    expect(await editorPage.getByRole('navigation').getByRole('link', { name: '账号' }).count()).toBe(0)
    // Through the pages too, the editor sees and opens only 灵石县's stations.
    await editorPage.goto('/admin/stations')
    const own = places.filter(p => p.districtName === '灵石县')
    await expect.poll(() => editorPage.getByTestId('admin-station').count()).toBe(Math.min(own.length, 20))
    for (const text of await editorPage.getByTestId('admin-station').allInnerTexts()) expect(text).toContain('灵石县')
    const elsewhere = places.find(p => p.districtName === '榆次区')!
    await editorPage.goto(`/admin/stations/${elsewhere.id}`)
    await expect.poll(() => editorPage.getByRole('alert').first().innerText()).toContain('你没有权限处理这一项')
    expect(await editorPage.locator('input[name="address"]').count()).toBe(0)
    await editorContext.close()

    await page.getByTestId('staff-account').filter({ hasText: editorEmail }).getByRole('button', { name: '停用' }).click()
    await expect.poll(() => page.getByTestId('staff-account').filter({ hasText: editorEmail }).innerText()).toContain('已停用')
    const refused = await fetch(`${baseURL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': baseURL }, body: JSON.stringify({ email: editorEmail, password }) })
    expect(refused.status).toBe(401)
    await context.close()
  })

  it('sends people without a session to the sign-in page', async () => {
    const context = await phone(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/admin')
    await page.waitForURL('**/admin/login')
    await expect.poll(() => page.getByTestId('login-form').count()).toBe(1)
    await context.close()
  })
})
