import { COUNTRY_CODE, countiesIn, prefectureOf, provinceOf, type Division } from '../../server/regions/divisions'
import { csvField } from '../../shared/utils/open-data'
import { regionView } from '../../shared/utils/region'

// A synthetic list of union places for benchmarks and tests only (issue 10: the country had 186,100
// union stations for outdoor workers at the end of 2024, 12,100 of them open 24 hours). Never data:
// every name starts with 合成·, every address says 合成数据, every row is marked 示例 (sample), and
// the file is written outside content/ (see scripts/data-synth.ts).
//
// Where the places go (a documented approximation: the division package has no coordinates):
// - each province gets places in proportion to its population (2020 census, millions, below);
//   Hong Kong, Macao and Taiwan get none (not in the mainland unions' network);
// - within a province, each county-level division gets an equal share, so a prefecture with more
//   counties (usually more people) gets more;
// - each prefecture gets a centre at a fixed pseudo-random point of its province's box (below,
//   hand-typed, a little generous), each county a centre within about 0.35° of its prefecture's, and
//   each place lies around its county's centre (normal, σ ≈ 4–5 km). Borders are not followed: a
//   place may fall in a neighbouring province's territory, never outside China's box. WGS-84.

/** Province: 2020 census population (millions) and a box around it (south, north, west, east). */
const PROVINCES: Record<string, { people: number, box: [number, number, number, number] }> = {
  11: { people: 21.89, box: [39.4, 41.1, 115.4, 117.5] },
  12: { people: 13.87, box: [38.5, 40.3, 116.7, 118.1] },
  13: { people: 74.61, box: [36.0, 42.6, 113.4, 119.9] },
  14: { people: 34.92, box: [34.5, 40.7, 110.2, 114.6] },
  15: { people: 24.05, box: [37.4, 53.4, 97.2, 126.1] },
  21: { people: 42.59, box: [38.7, 43.5, 118.8, 125.8] },
  22: { people: 24.07, box: [40.9, 46.3, 121.6, 131.3] },
  23: { people: 31.85, box: [43.4, 53.5, 121.2, 135.0] },
  31: { people: 24.87, box: [30.7, 31.9, 120.9, 122.0] },
  32: { people: 84.75, box: [30.7, 35.1, 116.3, 121.9] },
  33: { people: 64.57, box: [27.0, 31.2, 118.0, 122.9] },
  34: { people: 61.03, box: [29.4, 34.7, 114.9, 119.7] },
  35: { people: 41.54, box: [23.5, 28.3, 115.8, 120.7] },
  36: { people: 45.19, box: [24.5, 30.1, 113.6, 118.5] },
  37: { people: 101.53, box: [34.4, 38.4, 114.8, 122.7] },
  41: { people: 99.37, box: [31.4, 36.4, 110.4, 116.7] },
  42: { people: 57.75, box: [29.0, 33.3, 108.4, 116.1] },
  43: { people: 66.45, box: [24.6, 30.1, 108.8, 114.3] },
  44: { people: 126.01, box: [20.2, 25.5, 109.7, 117.3] },
  45: { people: 50.13, box: [20.9, 26.4, 104.5, 112.1] },
  46: { people: 10.08, box: [18.2, 20.2, 108.6, 111.1] },
  50: { people: 32.05, box: [28.2, 32.2, 105.3, 110.2] },
  51: { people: 83.67, box: [26.0, 34.3, 97.4, 108.5] },
  52: { people: 38.56, box: [24.6, 29.2, 103.6, 109.6] },
  53: { people: 47.21, box: [21.1, 29.2, 97.5, 106.2] },
  54: { people: 3.65, box: [26.9, 36.5, 78.4, 99.1] },
  61: { people: 39.53, box: [31.7, 39.6, 105.5, 111.3] },
  62: { people: 25.02, box: [32.6, 42.8, 92.1, 108.7] },
  63: { people: 5.92, box: [31.6, 39.2, 89.4, 103.1] },
  64: { people: 7.2, box: [35.2, 39.4, 104.3, 107.7] },
  65: { people: 25.85, box: [34.3, 49.2, 73.5, 96.4] },
}

/** The figures: of 186,100 stations, 12,100 open 24 hours. */
export const ALWAYS_OPEN_SHARE = 12_100 / 186_100

/** The columns of the synthetic CSV (the import's header names, server/spreadsheet/headers.ts). */
export const SYNTH_HEADER = ['名称', '类型', '区县代码', '地址', '纬度', '经度', '坐标系', '开放时间', '设施', '运营单位', '示例'] as const

const KINDS = ['爱心驿站', '爱心驿站', '爱心驿站', '爱心驿站', '爱心驿站', '爱心驿站', '爱心驿站', '妈咪小屋', '心理咨询室', '法律援助', '就业服务', '体育场馆'] as const
const HOURS = ['Mo-Su 08:00-20:00', 'Mo-Su 07:00-21:00', 'Mo-Fr 08:30-17:30', 'Mo-Sa 08:00-18:00', 'Mo-Su 06:00-22:00'] as const
const AMENITIES = ['饮水', '休息座椅', '手机充电', '微波炉热饭', '厕所', '急救药箱', '无线网络', '雨具', '图书'] as const
const PLACES = ['商场', '银行网点', '加油站', '社区服务中心', '环卫所', '邮政网点', '公园', '医院', '物流园', '地铁站'] as const

export interface SynthOptions {
  count: number
  seed: number
  /** A GB/T 2260 code: only its counties get places, inside its box (default: the whole country). */
  region?: string
}

/** mulberry32: a small seeded generator, the same numbers for the same seed on every machine. */
function generator(seed: number): () => number {
  let state = seed | 0
  return () => {
    state = (state + 0x6D2B79F5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A number in [0, 1) fixed by a text (FNV-1a), for centres that do not depend on the seed. */
function fixed(text: string): number {
  let hash = 0x811C9DC5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return generator(hash)()
}

type Box = [number, number, number, number]
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))

interface County {
  division: Division
  province: Division
  prefecture: Division
  centre: { lat: number, lng: number }
  box: Box
}

function countiesWithCentres(region: string): Array<County & { weight: number }> {
  const regionBox = regionView(region).bounds
  const counties = countiesIn(region).filter(county => PROVINCES[county.code.slice(0, 2)])
  if (!counties.length) throw new Error(`地区 ${region} 没有可放合成数据的区县（港澳台不生成）`)
  const perProvince = new Map<string, number>()
  for (const county of counties) perProvince.set(county.code.slice(0, 2), (perProvince.get(county.code.slice(0, 2)) ?? 0) + 1)
  return counties.map((county) => {
    const { people, box: [south, north, west, east] } = PROVINCES[county.code.slice(0, 2)]!
    // The province's box cut to the region's (a prefecture region keeps to its own box).
    const box: Box = [Math.max(south, regionBox.south), Math.min(north, regionBox.north), Math.max(west, regionBox.west), Math.min(east, regionBox.east)]
    const prefecture = prefectureOf(county.code) ?? county
    const inBox = (u: number, v: number) => ({ lat: box[0] + 0.1 + u * Math.max(0, box[1] - box[0] - 0.2), lng: box[2] + 0.1 + v * Math.max(0, box[3] - box[2] - 0.2) })
    const city = inBox(fixed(`${prefecture.code}:lat`), fixed(`${prefecture.code}:lng`))
    const centre = {
      lat: clamp(city.lat + (fixed(`${county.code}:lat`) - 0.5) * 0.7, box[0] + 0.05, box[1] - 0.05),
      lng: clamp(city.lng + (fixed(`${county.code}:lng`) - 0.5) * 0.7, box[2] + 0.05, box[3] - 0.05),
    }
    return { division: county, province: provinceOf(county.code)!, prefecture, centre, box, weight: people / perProvince.get(county.code.slice(0, 2))! }
  })
}

/**
 * The synthetic rows, header first, as CSV lines (CRLF, fields quoted where needed). The same
 * options give the same lines on every run and machine.
 */
export function* synthLines({ count, seed, region = COUNTRY_CODE }: SynthOptions): Generator<string> {
  const random = generator(seed)
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const counties = countiesWithCentres(region)
  const cumulative: number[] = []
  let sum = 0
  for (const county of counties) cumulative.push(sum += county.weight)
  const pick = () => {
    const target = random() * sum
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const mid = (low + high) >> 1
      if (cumulative[mid]! < target) low = mid + 1
      else high = mid
    }
    return counties[low]!
  }
  const digits = String(count).length
  yield `\uFEFF${SYNTH_HEADER.join(',')}\r\n`
  for (let n = 0; n < count; n++) {
    const county = pick()
    const lat = clamp(county.centre.lat + gauss() * 0.04, county.box[0], county.box[1])
    const lng = clamp(county.centre.lng + gauss() * 0.05, county.box[2], county.box[3])
    const kind = KINDS[Math.floor(random() * KINDS.length)]!
    // Exactly round(count × 12,100 / 186,100) rows open 24 hours, spread evenly through the file.
    const alwaysOpen = Math.floor((n + 1) * ALWAYS_OPEN_SHARE) > Math.floor(n * ALWAYS_OPEN_SHARE)
    const hours = alwaysOpen ? '24/7' : HOURS[Math.floor(random() * HOURS.length)]!
    const amenities = AMENITIES.filter(() => random() < 0.45)
    const where = PLACES[Math.floor(random() * PLACES.length)]!
    const serial = String(n + 1).padStart(digits, '0')
    const { division, province, prefecture } = county
    const city = prefecture.code === division.code || prefecture.code === province.code ? '' : prefecture.name
    const cells = [
      `合成·${division.name}${where}${kind} ${serial}`,
      kind,
      division.code,
      `${province.name}${city}${division.name}合成路${1 + Math.floor(random() * 300)}号（合成数据，非真实地址）`,
      lat.toFixed(6),
      lng.toFixed(6),
      'WGS-84',
      hours,
      (amenities.length ? amenities : ['饮水']).join('、'),
      `${division.name}总工会（合成）`,
      '是',
    ]
    yield `${cells.map(csvField).join(',')}\r\n`
  }
}
