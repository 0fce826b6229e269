// Loads a backup made by db:backup into an empty database (run with jiti: `npm run db:restore --
// FILE [--force]`), then applies the migrations the backup is older than. The database is
// DATABASE_URL or .data/yizhan.sqlite; stop the app on it first when replacing data with --force.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { databaseTarget, describeTarget } from '../server/database/connection'
import { BackupError, restoreDatabase } from './lib/database-backup'

const USAGE = `用法 (usage): npm run db:restore -- FILE [--force]

  FILE      db:backup 写的备份：SQLite 数据库文件、pg_dump 的纯 SQL，或本程序的 SQL 导出（按内容识别）
  --force   目标数据库已有数据时，用备份替换它（先停掉用这个数据库的应用）

The database is DATABASE_URL (file:/path.sqlite or postgres://…) or .data/yizhan.sqlite under the current folder.
PSQL names the psql to run for a pg_dump (default: psql on the PATH).`

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals.length !== 1) {
    console.error(`缺少备份文件名 (missing FILE: which backup to restore)\n\n${USAGE}`)
    return 2
  }
  const file = resolve(positionals[0]!)
  const target = databaseTarget()
  const result = await restoreDatabase(target, file, { force: values.force })
  const rows = Object.entries(result.rows).map(([table, count]) => `${table} ${count}`).join(', ')
  console.log(`已恢复 (restored) ${file} → ${describeTarget(target)}: ${rows}`)
  console.log(result.applied.length ? `已应用迁移 (applied) ${result.applied.join(', ')}` : '结构已是最新 (schema up to date)')
  return 0
}

main().then((code) => {
  process.exitCode = code
}, (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = error instanceof BackupError ? error.exitCode : 1
})
