// How long the workspace's spreadsheet import takes for a union list of BENCH_ROWS rows (default 500):
// upload and preview, write the batch, undo it, on the production build with a fresh SQLite file.
// Each is reported beside GET /api/admin/stations.xlsx (the whole dataset as a workbook) timed in
// the same run, as the machines are shared and noisy. The rows are synthetic, marked so in their
// names, and live only in the benchmark's temporary database.
// Usage: npm run build && npm run bench:import    Env: BENCH_ROWS (default 500), BENCH_ROUNDS (default 3)
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { migrateToLatest, openDatabase } from '../server/database/connection'
import { createStores } from '../server/database/stores'
import { createStaffAccount } from '../server/utils/staff/accounts'
import { startBuiltServer } from './lib/serve.mjs'

const ROWS = Number(process.env.BENCH_ROWS ?? 500)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const DISTRICTS = ['榆次区', '太谷区', '祁县', '平遥县', '介休市', '灵石县']

async function workbook(round: number): Promise<Blob> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('名单')
  sheet.addRow(['名称', '类型', '区县', '地址', '纬度', '经度', '坐标系', '开放时间', '设施', '运营单位', '联系电话'])
  for (let n = 1; n <= ROWS; n++) {
    // Spread over a 0.6° box inside the default region, about 1.3 km apart: no row is within 50 m of another.
    const lat = 37.1 + (n % 25) * 0.024
    const lng = 111.9 + Math.floor(n / 25) * 0.028 + round * 0.0007
    sheet.addRow([`合成基准驿站${round}-${n}`, '爱心驿站', DISTRICTS[n % DISTRICTS.length], `合成路 ${n} 号`, lat, lng, 'GCJ-02', '每天 8:00-20:00', '饮水、热饭、手机充电', '合成数据（基准测试）', '0354-1234567'])
  }
  return new Blob([await book.xlsx.writeBuffer()])
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const result = await work()
  return [result, performance.now() - start]
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-import-'))
  const databasePath = join(dir, 'bench.sqlite')
  const database = openDatabase({ dialect: 'sqlite', path: databasePath })
  await migrateToLatest(database)
  const email = 'bench-admin@example.org'
  const password = randomBytes(12).toString('hex')
  await createStaffAccount(createStores(database.db), { email, password, role: 'admin', district: null }, 'system')
  await database.close()

  const server = await startBuiltServer({
    DATABASE_URL: `file:${databasePath}`,
    NODE_ENV: 'production',
    NUXT_SESSION_PASSWORD: randomBytes(24).toString('hex'),
    NUXT_CLIENT_HASH_SECRET: randomBytes(24).toString('hex'),
    NUXT_STAFF_LOGIN_RATE_LIMIT_MAX: '1000000',
  })
  try {
    const origin = server.baseURL
    const login = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ email, password }) })
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`)
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
    const headers = { cookie, origin }
    const post = (path: string, body?: BodyInit, type?: string) => fetch(`${origin}${path}`, { method: 'POST', headers: { ...headers, ...(type ? { 'content-type': type } : {}) }, body })

    const results: Record<string, number[]> = { baseline: [], preview: [], apply: [], undo: [] }
    for (let round = 1; round <= ROUNDS; round++) {
      const file = await workbook(round)
      const [, baseline] = await timed(async () => (await fetch(`${origin}/api/admin/stations.xlsx`, { headers })).arrayBuffer())
      const form = new FormData()
      form.set('file', file, 'bench.xlsx')
      const [preview, previewMs] = await timed(async () => (await post('/api/admin/imports', form)).json() as Promise<{ id: string, counts: Record<string, number> }>)
      if (preview.counts?.added !== ROWS) throw new Error(`preview: ${JSON.stringify(preview).slice(0, 500)}`)
      const [applied, applyMs] = await timed(() => post(`/api/admin/imports/${preview.id}/apply`, '{}', 'application/json'))
      if (!applied.ok) throw new Error(`apply: ${applied.status} ${await applied.text()}`)
      const [undone, undoMs] = await timed(() => post(`/api/admin/imports/${preview.id}/undo`))
      if (!undone.ok) throw new Error(`undo: ${undone.status} ${await undone.text()}`)
      results.baseline!.push(baseline)
      results.preview!.push(previewMs)
      results.apply!.push(applyMs)
      results.undo!.push(undoMs)
      console.log(`round ${round}: baseline ${baseline.toFixed(0)} ms, preview ${previewMs.toFixed(0)} ms, apply ${applyMs.toFixed(0)} ms, undo ${undoMs.toFixed(0)} ms (${(file.size / 1024).toFixed(0)} KB .xlsx)`)
    }
    const base = median(results.baseline!)
    console.log(`\n${ROWS} rows, median of ${ROUNDS} rounds (SQLite):`)
    console.log(`  GET /api/admin/stations.xlsx (baseline)  ${base.toFixed(0)} ms`)
    for (const step of ['preview', 'apply', 'undo']) {
      const value = median(results[step]!)
      console.log(`  ${step.padEnd(40)} ${value.toFixed(0)} ms  (${(value / base).toFixed(1)}× baseline)`)
    }
  }
  finally {
    server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
