import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { AdminStationList } from '../../shared/types/admin'
import type { Place, PlacesResponse } from '../../shared/types/place'
import { addStaff, client, login, openStores } from './staff-client'

/** The workspace's list of every station (`GET /api/admin/stations`), read-only on the shared server. */
const baseURL = inject('baseURL')
const HOME = '140702' // 榆次区
let places: Place[]
let admin: ReturnType<typeof client>
let editor: ReturnType<typeof client>
let closeStores: () => Promise<void>

const list = async (who: ReturnType<typeof client>, query = ''): Promise<AdminStationList> => {
  const answer = await who.get(`/api/admin/stations${query}`)
  expect(answer.status, answer.text).toBe(200)
  return answer.json
}

/** Every page of a list, in order. */
async function everyPage(who: ReturnType<typeof client>, query: string): Promise<AdminStationList['items']> {
  const first = await list(who, `?${query}`)
  const items = [...first.items]
  for (let page = 2; page <= Math.ceil(first.total / first.pageSize); page++) items.push(...(await list(who, `?${query}&page=${page}`)).items)
  return items
}

beforeAll(async () => {
  const { stores, close } = openStores(inject('databasePath'))
  closeStores = close
  places = ((await (await fetch(`${baseURL}/api/stations`)).json()) as PlacesResponse).places
  const [adminAccount, editorAccount] = await Promise.all([addStaff(stores, 'admin'), addStaff(stores, 'editor', HOME)])
  admin = client(baseURL, await login(baseURL, adminAccount.email))
  editor = client(baseURL, await login(baseURL, editorAccount.email))
})

afterAll(() => closeStores?.())

describe('GET /api/admin/stations', () => {
  it('lists every station for an admin, one page at a time, with the counts by status', async () => {
    const first = await list(admin)
    expect(first.total).toBe(places.length)
    expect(first.items).toHaveLength(Math.min(first.pageSize, places.length))
    expect(Object.values(first.byStatus).reduce((a, b) => a + b, 0)).toBe(places.length)
    expect(first.byStatus.open).toBe(places.filter(p => p.status === 'open').length)
    const all = await everyPage(admin, 'sort=name')
    expect(new Set(all.map(s => s.id))).toEqual(new Set(places.map(p => p.id)))
    const names = all.map(s => s.name)
    expect(names).toEqual([...names].sort(new Intl.Collator('zh-CN').compare))
  })

  it('finds a station by name, address and pinyin initials', async () => {
    const place = places.find(p => p.initials.length >= 3)!
    for (const q of [place.name, place.address.slice(-6), place.initials]) {
      const found = await list(admin, `?q=${encodeURIComponent(q)}`)
      expect(found.items.map(s => s.id), q).toContain(place.id)
      expect(found.total).toBeLessThan(places.length)
    }
    const none = await list(admin, `?q=${encodeURIComponent('没有这样的站点名称')}`)
    expect(none).toMatchObject({ total: 0, items: [] })
  })

  it('filters by district, kind and status, and counts by status before the status filter', async () => {
    const district = places[0]!.district
    const kind = places[0]!.kind
    const inBoth = places.filter(p => p.district === district && p.kind === kind)
    const answer = await list(admin, `?district=${encodeURIComponent(district)}&kind=${kind}`)
    expect(answer.total).toBe(inBoth.length)
    expect(answer.items.every(s => s.district === district && s.kind === kind)).toBe(true)
    const open = await list(admin, `?district=${encodeURIComponent(district)}&kind=${kind}&status=open`)
    expect(open.total).toBe(inBoth.filter(p => p.status === 'open').length)
    expect(open.byStatus).toEqual(answer.byStatus)
  })

  it('lists stations not verified for N days, never verified first, oldest check next', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    const threshold = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 365 * 86_400_000))
    const expected = places.filter(p => !p.lastVerified || p.lastVerified < threshold)
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(places.length)
    const stale = await everyPage(admin, 'unverifiedDays=365&sort=lastVerified')
    expect(new Set(stale.map(s => s.id))).toEqual(new Set(expected.map(p => p.id)))
    const dates = stale.map(s => s.lastVerified ?? '')
    expect(dates).toEqual([...dates].sort())
    expect(dates.every(date => date < today)).toBe(true)
  })

  it('shows an editor limited to a district only that district, and refuses another', async () => {
    const mine = await everyPage(editor, 'sort=district')
    expect(mine.length).toBe(places.filter(p => p.district === HOME).length)
    expect(mine.every(s => s.district === HOME)).toBe(true)
    const other = places.find(p => p.district !== HOME)!
    const searched = await list(editor, `?q=${encodeURIComponent(other.name)}`)
    expect(searched.items.map(s => s.id)).not.toContain(other.id)
    const refused = await editor.get(`/api/admin/stations?district=${encodeURIComponent(other.district)}`)
    expect(refused.status).toBe(403)
    expect(refused.json.data.code).toBe('FORBIDDEN')
  })

  it('refuses a bad query with the field and a reason in Chinese', async () => {
    for (const query of ['unverifiedDays=0', 'unverifiedDays=abc', 'sort=random', 'status=maybe', 'district=北京市', `q=${'长'.repeat(51)}`, 'page=0']) {
      const answer = await admin.get(`/api/admin/stations?${query}`)
      expect(answer.status, query).toBe(400)
      expect(answer.json.data.code).toBe('VALIDATION_FAILED')
      expect(answer.json.data.issues[0].path, query).toBe(query.split('=')[0])
      expect(answer.json.data.issues[0].message, query).toMatch(/[\u4E00-\u9FFF]/)
    }
  })
})
