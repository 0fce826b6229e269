// The dataset as served (content + staff's live edits) back to YAML (run with jiti:
// `npm run data:export [-- --out content] [--database FILE] [--dry-run]`), so the next release carries it.
import { relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { databaseTarget, describeTarget } from '../server/database/connection'
import { ExportError, exportDataset, formatExportedFile, readOverlay } from './lib/place-export'

const USAGE = `用法 (usage): npm run data:export [-- --out content] [--database FILE] [--content content] [--dry-run]

  --database  数据库：SQLite 文件或 postgres://…（默认: DATABASE_URL，或 .data/yizhan.sqlite）
  --out DIR   写到 DIR（默认: content/，只写有变化的文件；其他目录则写出全部文件）
  --dry-run   只列出会写的文件`

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'out': { type: 'string' },
      'content': { type: 'string', default: 'content' },
      'database': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'help': { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const target = databaseTarget(values.database)
  const overlay = await readOverlay(target)
  const contentDir = resolve(values.content)
  const outDir = values.out ? resolve(values.out) : contentDir
  if (overlay) console.log(`数据库 ${describeTarget(target)}: ${overlay.overrides.size} 条在线修改，${overlay.additions.length} 个在线新增的站点，${overlay.retired?.size ?? 0} 个已下线`)
  else console.log(`没有数据库 ${describeTarget(target)}: 按 content 原样导出`)

  const result = exportDataset({ contentDir, outDir, overlay, dryRun: values['dry-run'] })
  for (const file of result.files) console.log(formatExportedFile(file))
  const changed = result.files.filter(f => f.action !== 'copy').length
  if (values['dry-run']) console.log(`试运行 (--dry-run): ${result.count} 处地点，会写 ${result.files.length} 个文件（${changed} 个有变化），没有写入`)
  else console.log(`${result.count} 处地点，写入 ${result.written.length} 个文件（${changed} 个有变化）到 ${relative(process.cwd(), outDir) || '.'}${result.written.length ? '。请运行 npm run data:check 并提交这些文件。' : ''}`)
  return 0
}

main().then((code) => {
  process.exitCode = code
}, (error: unknown) => {
  if (!(error instanceof ExportError)) throw error
  console.error(error.message)
  process.exitCode = 1
})
