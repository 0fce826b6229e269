// The union's list (.xlsx or CSV) to content files (run with jiti: `npm run data:import -- FILE.csv [options]`).
// Every row is checked first; with one bad row nothing is written (unless --skip-bad). Exit 1 on bad rows.
import { readFileSync } from 'node:fs'
import { basename, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { formatProblem, ImportFileError, importPlaces } from './lib/place-import'
import { parseCrs } from '../server/spreadsheet/words'

const USAGE = `用法 (usage): npm run data:import -- FILE.xlsx|FILE.csv [--crs wgs84|gcj02|bd09] [--dry-run] [--skip-bad] [--replace] [--out DIR] [--content content]

  --crs       坐标系（没有「坐标系」列或该列为空时）: wgs84 = GPS/天地图/OSM, gcj02 = 高德/腾讯, bd09 = 百度
  --dry-run   只检查、报告，不写文件
  --skip-bad  有错误的行跳过，其余照写（默认: 有一行错误就什么都不写）
  --replace   覆盖已存在的同 id 文件（同一地点再次导入）
  --out DIR   所有文件写到 DIR（默认: 爱心驿站写到 content/stations，其他服务写到 content/services）`

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

main().then((code) => {
  process.exitCode = code
}, (error: unknown) => {
  if (!(error instanceof ImportFileError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  console.error(`无法导入: ${(error as Error).message}`)
  console.error(USAGE)
  process.exitCode = 2
})
