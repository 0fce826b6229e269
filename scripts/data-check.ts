// Checks the whole station dataset (run with jiti: `npm run data:check [-- --stale-days 365]`).
// Exit 1 on errors (a file that breaks the schema, a duplicate id, the same place twice), 0 with warnings.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { beijingDate } from '../shared/utils/open-state'
import { checkDataset, formatReport } from '../modules/validate-places/data-check'
import { readPlaceFiles } from '../modules/validate-places/place-files'

const USAGE = `用法 (usage): npm run data:check [-- --stale-days 365] [--content content] [--today YYYY-MM-DD]`

function main(): number {
  const { values } = parseArgs({
    options: {
      'stale-days': { type: 'string', default: '365' },
      'content': { type: 'string', default: 'content' },
      'today': { type: 'string' },
      'help': { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const staleDays = Number(values['stale-days'])
  if (!Number.isInteger(staleDays) || staleDays < 1) throw new Error(`--stale-days 应为正整数，得到 ${values['stale-days']}`)
  const today = values.today ?? beijingDate(new Date().toISOString())
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) throw new Error(`--today 应为 YYYY-MM-DD，得到 ${today}`)
  const contentDir = resolve(values.content)
  const report = checkDataset(readPlaceFiles(contentDir, process.cwd()), { today, staleDays })
  console.log(formatReport(report, { staleDays }))
  return report.errors.length ? 1 : 0
}

try {
  process.exitCode = main()
}
catch (error) {
  console.error((error as Error).message)
  console.error(USAGE)
  process.exitCode = 2
}
