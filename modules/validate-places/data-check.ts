import { distanceMeters } from '../../shared/utils/geo'
import type { PlaceFile, PlaceFilesResult } from './place-files'

// The dataset checks behind `npm run data:check` (issue 4), beyond what each file's schema says.
// Pure: the places come in, findings come out (tests/unit/data-check.test.ts).

export interface Finding {
  level: 'error' | 'warning'
  /** The file(s) concerned, relative to the project. */
  file: string
  message: string
}

/** Places closer than this are reported as possible duplicates. */
export const NEAR_DUPLICATE_METERS = 50

/**
 * Pairs of ids known to share one building (two services under one roof), never reported as
 * near-duplicates. Add a pair only after checking that both places really exist.
 */
export const SHARED_BUILDINGS: ReadonlyArray<readonly [string, string]> = [
  // The workers' cultural palace in 榆次: the sports centre and the film base are two services in one building.
  ['yuci-gongren-wenhuagong-tiyu-zhongxin', 'yuci-gongren-wenhuagong-yingshi-jidi'],
]

/** A name reduced to what tells places apart: no sample prefix, spaces, punctuation or case. */
export function normaliseName(name: string): string {
  return name.replace(/^示例·/, '').replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase()
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`)

/**
 * Places within `meters` of each other: an error when their names also match (the same place twice),
 * else a warning (two places in one building are possible; confirm, then allow-list the pair).
 */
export function nearDuplicates(
  places: readonly PlaceFile[],
  { meters = NEAR_DUPLICATE_METERS, allow = SHARED_BUILDINGS }: { meters?: number, allow?: ReadonlyArray<readonly [string, string]> } = {},
): Finding[] {
  const allowed = new Set(allow.map(([a, b]) => pairKey(a, b)))
  const findings: Finding[] = []
  for (const [i, a] of places.entries()) {
    for (const b of places.slice(i + 1)) {
      if (allowed.has(pairKey(a.id, b.id))) continue
      const distance = distanceMeters(a.data.location, b.data.location)
      if (distance >= meters) continue
      const sameName = normaliseName(a.data.name) === normaliseName(b.data.name)
      findings.push({
        level: sameName ? 'error' : 'warning',
        file: `${a.file} / ${b.file}`,
        message: sameName
          ? `同名地点相距 ${Math.round(distance)} 米，可能是同一地点重复录入`
          : `两处地点相距 ${Math.round(distance)} 米（不到 ${meters} 米），请确认不是重复${a.data.operator === b.data.operator ? '（运营单位相同）' : ''}`,
      })
    }
  }
  return findings
}

const DAY_MS = 86_400_000

/** Whole days from a `YYYY-MM-DD` date to `today` (also `YYYY-MM-DD`); negative for a future date. */
export function daysSince(date: string, today: string): number {
  return Math.round((Date.parse(today) - Date.parse(date)) / DAY_MS)
}

/** Places last verified more than `staleDays` days before `today`, or on a date after it: warnings. */
export function staleDates(places: readonly PlaceFile[], today: string, staleDays: number): Finding[] {
  const findings: Finding[] = []
  for (const { file, data } of places) {
    if (!data.lastVerified) continue
    const days = daysSince(data.lastVerified, today)
    if (days > staleDays) findings.push({ level: 'warning', file, message: `lastVerified: ${data.lastVerified} 核实于 ${days} 天前（超过 ${staleDays} 天），请重新核实` })
    else if (days < 0) findings.push({ level: 'warning', file, message: `lastVerified: ${data.lastVerified} 是将来的日期` })
  }
  return findings
}

/** Rest stations belong in content/stations/, every other kind in content/services/: a warning otherwise. */
export function misplacedFiles(places: readonly PlaceFile[]): Finding[] {
  return places.flatMap(({ file, data }) => {
    const folder = file.split(/[\\/]/).at(-2)
    const expected = data.kind === 'rest-station' ? 'stations' : 'services'
    return folder === expected ? [] : [{ level: 'warning' as const, file, message: `kind: ${data.kind} 的文件应放在 content/${expected}/` }]
  })
}

export interface DataCheckOptions {
  /** `YYYY-MM-DD`, Beijing date. */
  today: string
  staleDays: number
}

export interface DataCheckReport {
  errors: Finding[]
  warnings: Finding[]
  counts: { places: number, samples: number, real: number, restStations: number, services: number, unverified: number }
}

/** Everything `npm run data:check` says about a dataset read by readPlaceFiles. */
export function checkDataset({ places, errors }: PlaceFilesResult, { today, staleDays }: DataCheckOptions): DataCheckReport {
  const findings = [...nearDuplicates(places), ...staleDates(places, today, staleDays), ...misplacedFiles(places)]
  const fileErrors: Finding[] = errors.map((line) => {
    const at = line.indexOf(': ')
    return { level: 'error', file: line.slice(0, at), message: line.slice(at + 2) }
  })
  const samples = places.filter(p => p.data.sample).length
  const restStations = places.filter(p => p.data.kind === 'rest-station').length
  return {
    errors: [...fileErrors, ...findings.filter(f => f.level === 'error')],
    warnings: findings.filter(f => f.level === 'warning'),
    counts: {
      places: places.length,
      samples,
      real: places.length - samples,
      restStations,
      services: places.length - restStations,
      unverified: places.filter(p => !p.data.lastVerified).length,
    },
  }
}

/** The report as text for the terminal (Chinese, like the rest of the data tooling). */
export function formatReport(report: DataCheckReport, { staleDays }: Pick<DataCheckOptions, 'staleDays'>): string {
  const { counts, errors, warnings } = report
  const lines = [
    `站点数据检查: ${counts.places} 处地点（爱心驿站 ${counts.restStations}，其他服务 ${counts.services}）`,
    `  示例记录 (sample: true) ${counts.samples} 处，真实记录 ${counts.real} 处；没有核实日期 ${counts.unverified} 处；核实日期超过 ${staleDays} 天算过期`,
  ]
  const list = (title: string, items: Finding[]) => {
    if (!items.length) return
    lines.push('', `${title} (${items.length}):`)
    for (const { file, message } of items) lines.push(`  - ${file}: ${message}`)
  }
  list('错误', errors)
  list('警告', warnings)
  lines.push('', errors.length ? `结果: ${errors.length} 处错误，${warnings.length} 处警告 — 未通过` : `结果: 通过（${warnings.length} 处警告）`)
  return lines.join('\n')
}
