// A consistent copy of the database while the app keeps running and writing (run with jiti:
// `npm run db:backup -- FILE [--force] [--export]`). The database is the app's: DATABASE_URL or
// .data/yizhan.sqlite. SQLite: the online backup API; PostgreSQL: pg_dump, else the app's SQL export.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { databaseTarget, describeTarget } from '../server/database/connection'
import { backupDatabase, BackupError } from './lib/database-backup'

const USAGE = `用法 (usage): npm run db:backup -- FILE [--force] [--export]

  FILE      备份写到这里（先写临时文件，完成后才改名为 FILE）
  --force   FILE 已存在时覆盖它
  --export  PostgreSQL：不用 pg_dump，写本程序的 SQL 导出（没有合适的 pg_dump 时自动如此）

The database is DATABASE_URL (file:/path.sqlite or postgres://…) or .data/yizhan.sqlite under the current folder.
PG_DUMP names the pg_dump to run (default: pg_dump on the PATH).`

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      force: { type: 'boolean', default: false },
      export: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals.length !== 1) {
    console.error(`缺少备份文件名 (missing FILE: where to write the backup)\n\n${USAGE}`)
    return 2
  }
  const file = resolve(positionals[0]!)
  const target = databaseTarget()
  const started = performance.now()
  const result = await backupDatabase(target, file, { force: values.force, exportOnly: values.export })
  if (result.note) console.log(result.note)
  const how = { sqlite: 'SQLite 在线备份 (online backup API)', pg_dump: 'pg_dump (plain SQL)', export: 'SQL 导出 (the app\'s SQL export)' }[result.method]
  console.log(`已备份 (backed up) ${describeTarget(target)} → ${file}: ${how}, ${(result.bytes / 1024).toFixed(1)} KB, ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return 0
}

main().then((code) => {
  process.exitCode = code
}, (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = error instanceof BackupError ? error.exitCode : 1
})
