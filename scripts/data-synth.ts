// A synthetic list of union places for benchmarks and tests (issue 10), never shipped as data:
//   npm run data:synth -- --count 186100 --seed 1 [--region 100000] [--out FILE.csv]
// Writes a CSV in the import's columns (名称, 类型, 区县代码, 地址, 纬度, 经度, 坐标系, 开放时间, 设施,
// 运营单位, 示例), every row marked synthetic and 示例 (scripts/lib/place-synth.ts says how the places
// are spread). The default file is under .data/ (git-ignored); a path inside content/ is refused.
import { once } from 'node:events'
import { createWriteStream, mkdirSync } from 'node:fs'
import { dirname, relative, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { COUNTRY_CODE } from '../server/regions/divisions'
import { synthLines } from './lib/place-synth'

const USAGE = `用法 (usage): npm run data:synth -- [--count 186100] [--seed 1] [--region 100000] [--out FILE.csv]

  --count N    行数（默认 186100，即 2024 年底全国户外劳动者服务站点数）
  --seed N     随机种子：同样的参数总是生成同样的文件
  --region C   只在这个行政区划（GB/T 2260 代码）里生成，默认全国 100000
  --out FILE   输出文件（默认 .data/synthetic/places-<count>-seed<seed>.csv；不能写进 content/）`

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '186100' },
      seed: { type: 'string', default: '1' },
      region: { type: 'string', default: COUNTRY_CODE },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const count = Number(values.count)
  const seed = Number(values.seed)
  if (!Number.isInteger(count) || count < 1 || count > 2_000_000) throw new Error(`--count 应为 1 到 2000000 之间的整数，得到 ${values.count}`)
  if (!Number.isInteger(seed)) throw new Error(`--seed 应为整数，得到 ${values.seed}`)
  const out = resolve(values.out ?? `.data/synthetic/places-${count}-seed${seed}.csv`)
  if (`${out}${sep}`.startsWith(`${resolve('content')}${sep}`)) throw new Error('合成数据不能写进 content/：它只用于测试和基准，不是数据')

  mkdirSync(dirname(out), { recursive: true })
  const file = createWriteStream(out)
  const started = performance.now()
  for (const line of synthLines({ count, seed, region: values.region })) {
    if (!file.write(line)) await once(file, 'drain')
  }
  file.end()
  await once(file, 'finish')
  console.log(`已生成 ${count} 行合成数据（种子 ${seed}，地区 ${values.region}）: ${relative(process.cwd(), out)}，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`)
  console.log(`导入: npm run data:import -- ${relative(process.cwd(), out)} --to database（服务器需 NUXT_PUBLIC_REGION=${values.region}）`)
  return 0
}

main().then((code) => {
  process.exitCode = code
}, (error: unknown) => {
  console.error(`无法生成: ${error instanceof Error ? error.message : String(error)}`)
  console.error(USAGE)
  process.exitCode = 2
})
