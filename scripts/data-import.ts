// The union's list (.xlsx or CSV) to content files (run with jiti: `npm run data:import -- FILE.csv [options]`),
// or, with --to database, a CSV list of any size into the database (issue 10).
// Every row is checked first; with one bad row nothing is written (unless --skip-bad). Exit 1 on bad rows.
import { readFileSync } from 'node:fs'
import { basename, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { databaseTarget, describeTarget, migrateToLatest, openDatabase } from '../server/database/connection'
import { importPlacesToDatabase } from './lib/place-db-import'
import { formatProblem, ImportFileError, importPlaces } from './lib/place-import'
import type { InputCrs } from '../shared/utils/coords'
import { parseCrs } from '../server/spreadsheet/words'

const USAGE = `用法 (usage): npm run data:import -- FILE.xlsx|FILE.csv [--crs wgs84|gcj02|bd09] [--dry-run] [--skip-bad] [--replace] [--out DIR] [--content content]

  --crs       坐标系（没有「坐标系」列或该列为空时）: wgs84 = GPS/天地图/OSM, gcj02 = 高德/腾讯, bd09 = 百度
  --dry-run   只检查、报告，不写文件
  --skip-bad  有错误的行跳过，其余照写（默认: 有一行错误就什么都不写）
  --replace   覆盖已存在的同 id 文件（同一地点再次导入）
  --out DIR   所有文件写到 DIR（默认: 爱心驿站写到 content/stations，其他服务写到 content/services）
  --to database
              导入数据库（DATABASE_URL，默认 .data/yizhan.sqlite），不写文件: 适合成千上万行的大名单（只读 CSV，边读边写，
              每 1000 行一个事务）。同一文件再次导入时更新已有的行（按「编号」，没有编号时按名称和位置），不会重复
  --batch N   --to database 时每个事务写入的行数（默认 1000）`

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'crs': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-bad': { type: 'boolean', default: false },
      'replace': { type: 'boolean', default: false },
      'out': { type: 'string' },
      'content': { type: 'string', default: 'content' },
      'to': { type: 'string', default: 'yaml' },
      'batch': { type: 'string', default: '1000' },
      'help': { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals.length !== 1) throw new ImportFileError('请给出一个 .xlsx 或 CSV 文件')
  const file = resolve(positionals[0]!)
  const crs = values.crs === undefined ? undefined : parseCrs(values.crs)
  if (values.crs !== undefined && !crs) throw new ImportFileError(`--crs 应为 wgs84、gcj02 或 bd09，得到 ${values.crs}`)
  if (values.to === 'database') return toDatabase(file, crs, values)
  if (values.to !== 'yaml') throw new ImportFileError(`--to 应为 yaml 或 database，得到 ${values.to}`)

  const result = await importPlaces(readFileSync(file), {
    fileName: basename(file),
    crs,
    contentDir: resolve(values.content),
    outDir: values.out === undefined ? undefined : resolve(values.out),
    skipBad: values['skip-bad'],
    dryRun: values['dry-run'],
    replace: values.replace,
  })
  const rel = (path: string) => relative(process.cwd(), path)
  const badLines = new Set(result.problems.map(p => p.line))
  console.log(`${rel(file)}: ${result.encoding}，${result.places.length + badLines.size} 行数据，${result.places.length} 行有效，${badLines.size} 行有错误`)
  if (result.ignoredColumns.length) console.log(`忽略的列（不认识的表头）: ${result.ignoredColumns.join('、')}`)
  if (result.problems.length) {
    console.log(`\n错误 (${result.problems.length}):`)
    for (const problem of result.problems) console.log(`  - ${formatProblem(problem)}`)
  }
  console.log('')
  if (values['dry-run']) {
    for (const place of result.places) console.log(`  ${place.replaces ? '覆盖' : '新建'} ${rel(place.path)}  ${place.data.name}`)
    console.log(`试运行 (--dry-run): 没有写入任何文件`)
  }
  else if (result.written.length) {
    for (const place of result.places) console.log(`  ${place.replaces ? '覆盖' : '新建'} ${rel(place.path)}  ${place.data.name}`)
    console.log(`已写入 ${result.written.length} 个文件${result.problems.length ? `，跳过 ${badLines.size} 行有错误的数据 (--skip-bad)` : ''}。请运行 npm run data:check 检查整个数据集。`)
  }
  else {
    console.log(result.problems.length ? '有错误，没有写入任何文件（改正后重新导入，或加 --skip-bad 只导入没有错误的行）' : '没有可导入的数据行')
  }
  return result.problems.length ? 1 : 0
}

async function toDatabase(file: string, crs: InputCrs | undefined, values: { 'content': string, 'skip-bad': boolean, 'dry-run': boolean, 'batch': string }): Promise<number> {
  const batchSize = Number(values.batch)
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) throw new ImportFileError(`--batch 应为 1 到 5000 之间的整数，得到 ${values.batch}`)
  const target = databaseTarget()
  const database = openDatabase(target)
  const started = performance.now()
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1)
  try {
    await migrateToLatest(database)
    const result = await importPlacesToDatabase(file, {
      database,
      fileName: basename(file),
      crs,
      contentDir: resolve(values.content),
      skipBad: values['skip-bad'],
      dryRun: values['dry-run'],
      batchSize,
      onProgress: process.stderr.isTTY ? (stage, done, total) => process.stderr.write(stage === 'read' ? `\r已读 ${done} 行 (${seconds()} s)` : `\r已写入 ${done}/${total} 行 (${seconds()} s)   `) : undefined,
    })
    if (process.stderr.isTTY) process.stderr.write('\n')
    const { added, changed, unchanged } = result.counts
    console.log(`${relative(process.cwd(), file)}: ${result.encoding}，${result.valid + result.bad} 行数据，${result.valid} 行有效，${result.bad} 行有错误`)
    if (result.ignoredColumns.length) console.log(`忽略的列（不认识的表头）: ${result.ignoredColumns.join('、')}`)
    if (result.problems.length) {
      console.log(`\n错误 (${result.problems.length}):`)
      for (const problem of result.problems) console.log(`  - ${formatProblem(problem)}`)
    }
    console.log('')
    console.log(`数据库 ${describeTarget(target)}: 新增 ${added} 行，更新 ${changed} 行，未变 ${unchanged} 行`)
    if (values['dry-run']) console.log('试运行 (--dry-run): 没有写入数据库')
    else if (result.written) console.log(`已写入数据库，用时 ${seconds()} 秒${result.bad ? `，跳过 ${result.bad} 行有错误的数据 (--skip-bad)` : ''}。运行中的服务器在一秒内看到新数据。`)
    else console.log(result.bad ? '有错误，没有写入数据库（改正后重新导入，或加 --skip-bad 只导入没有错误的行）' : '没有可导入的数据行')
    return result.problems.length ? 1 : 0
  }
  finally {
    await database.close()
  }
}

main().then((code) => {
  process.exitCode = code
}, (error: unknown) => {
  if (!(error instanceof ImportFileError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  console.error(`无法导入: ${(error as Error).message}`)
  console.error(USAGE)
  process.exitCode = 2
})
