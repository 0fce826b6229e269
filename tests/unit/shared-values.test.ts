import { describe, expect, it } from 'vitest'
import { sharedValues } from '../../server/utils/stations/shared-values'

// How the server reads 186,100 imported records (issue 10): the same records as JSON.parse gives,
// with their id, and each repeated value held once.

const data = (name: string, note: string) => ({
  name, kind: 'rest-station', district: '140702', address: `${name}路 1 号`, location: { lat: 37.69, lng: 112.75, precision: 'exact' },
  amenities: ['water', 'toilet'], hours: 'Mo-Su 08:00-20:00', operator: '榆次区总工会', audience: ['outdoor-workers'], status: 'open',
  sample: true, source: { name: '名单导入', note },
})

describe('sharedValues', () => {
  it('reads each record as JSON.parse does, with its id last', () => {
    const share = sharedValues()
    const fields = data('顺城街驿站', 'places.csv 第 2 行')
    const record = share(JSON.stringify(fields), 'p-1')
    expect(record).toEqual({ ...fields, id: 'p-1' })
    expect(Object.keys(record).at(-1)).toBe('id')
    // An id in odd characters stays what it was.
    expect(share(JSON.stringify(fields), 'p-"\\u2028}').id).toBe('p-"\\u2028}')
  })

  it('holds each repeated string and list once', () => {
    const share = sharedValues()
    const [a, b] = [share(JSON.stringify(data('顺城街驿站', '第 2 行')), 'p-1'), share(JSON.stringify(data('老城驿站', '第 3 行')), 'p-2')]
    for (const key of ['kind', 'district', 'hours', 'operator', 'amenities', 'audience'] as const) expect(a[key], key).toBe(b[key])
    expect(a.source.name).toBe(b.source.name)
    expect(Object.isFrozen(a.amenities)).toBe(true)
  })
})
