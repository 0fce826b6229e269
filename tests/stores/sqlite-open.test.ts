import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// Processes opening one new SQLite file at the same moment (two `db:migrate`, instances starting
// together) each held the other off while switching it to WAL: SQLite answers SQLITE_BUSY at once
// then, without waiting (21 in 100 with three processes; the migration test failed on it once).

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'yizhan-sqlite-open-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Each process waits for the same instant, then opens the file as the server does.
const opener = join(dir, 'open.mjs')
writeFileSync(opener, `
const { openDatabase } = await import(${JSON.stringify(resolve(root, 'server/database/connection.ts'))})
const [path, start] = process.argv.slice(2)
while (Date.now() < Number(start)) {}
try { await openDatabase({ dialect: 'sqlite', path }).close() }
catch (error) { console.error(error.code, error.message); process.exitCode = 2 }
`)

function open(path: string, start: number): Promise<string> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(root, 'node_modules/jiti/lib/jiti-cli.mjs'), opener, path, String(start)], { cwd: root })
    let output = ''
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('close', code => done(code ? `exit ${code}: ${output.trim()}` : ''))
  })
}

describe('a new SQLite file opened by several processes at once', () => {
  it('opens in every one of them', async () => {
    const failures: string[] = []
    for (let round = 0; round < 6; round++) {
      const path = join(dir, `round-${round}.sqlite`)
      // Time for three processes to start on a loaded machine, then all at once.
      const start = Date.now() + 2500
      failures.push(...(await Promise.all([open(path, start), open(path, start), open(path, start)])).filter(Boolean))
    }
    expect(failures).toEqual([])
  }, 60_000)
})
