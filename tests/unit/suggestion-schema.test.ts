import { describe, expect, it } from 'vitest'
import { SuggestionSchema } from '../../shared/schemas/suggestion'
import { uuidv4 } from '../../shared/utils/uuid'

const id = '0b6f1e7c-8a4e-4c1e-9a43-3f2f0f6f1a10'
const paths = (body: unknown) => {
  const result = SuggestionSchema.safeParse(body)
  return result.success ? [] : result.error.issues.map(i => i.path.join('.'))
}

describe('SuggestionSchema', () => {
  it.each([
    ['a confirm', { id, kind: 'confirm', stationId: 'yuci-shuncheng-jie' }],
    ['a problem', { id, kind: 'problem', stationId: 'yuci-shuncheng-jie', reason: 'locked', fillMs: 4000 }],
    ['a problem "other" with a note', { id, kind: 'problem', stationId: 'a', reason: 'other', note: '饮水机没水了 <>' }],
    ['a correction of the phone', { id, kind: 'correction', stationId: 'a', changes: { phone: '0354-1234567' } }],
    ['a correction removing every amenity', { id, kind: 'correction', stationId: 'a', changes: { amenities: [] } }],
    ['a new station', { id, kind: 'new-station', name: '新驿站', location: { lat: 37.7, lng: 112.74 }, amenities: ['water'] }],
    ['an emoji and Chinese note', { id, kind: 'problem', stationId: 'a', reason: 'other', note: '🔒 锁门了' }],
    ['a contact', { id, kind: 'confirm', stationId: 'a', contact: 'wx_abc' }],
  ])('accepts %s', (_name, body) => {
    expect(paths(body)).toEqual([])
  })

  it.each([
    ['no id', { kind: 'confirm', stationId: 'a' }, ['id']],
    ['a non-UUID id', { id: '123', kind: 'confirm', stationId: 'a' }, ['id']],
    ['an unknown kind', { id, kind: 'vote', stationId: 'a' }, ['kind']],
    ['a bad station id', { id, kind: 'confirm', stationId: '../etc' }, ['stationId']],
    ['a problem without reason', { id, kind: 'problem', stationId: 'a' }, ['reason']],
    ['"other" without a note', { id, kind: 'problem', stationId: 'a', reason: 'other' }, ['note']],
    ['"other" with a blank note', { id, kind: 'problem', stationId: 'a', reason: 'other', note: '   ' }, ['note']],
    ['a correction changing nothing', { id, kind: 'correction', stationId: 'a', changes: {} }, ['changes']],
    ['a correction with a bad phone', { id, kind: 'correction', stationId: 'a', changes: { phone: 'abc' } }, ['changes.phone']],
    ['a correction of an unknown field', { id, kind: 'correction', stationId: 'a', changes: { rating: 1 } }, ['changes']],
    ['a new station without a name', { id, kind: 'new-station', location: { lat: 37.7, lng: 112.74 } }, ['name']],
    ['a new station in Beijing', { id, kind: 'new-station', name: '北京站', location: { lat: 39.9, lng: 116.4 } }, ['location.lat', 'location.lng']],
    ['an unknown amenity', { id, kind: 'new-station', name: '新站', location: { lat: 37.7, lng: 112.74 }, amenities: ['spa'] }, ['amenities.0']],
    ['a note over 500 characters', { id, kind: 'problem', stationId: 'a', reason: 'other', note: '字'.repeat(501) }, ['note']],
    ['an unknown top-level field', { id, kind: 'confirm', stationId: 'a', admin: true }, ['']],
    ['a negative fill time', { id, kind: 'confirm', stationId: 'a', fillMs: -1 }, ['fillMs']],
    ['not an object', 'confirm', ['']],
  ])('rejects %s, naming the field', (_name, body, expected) => {
    expect(paths(body)).toEqual(expected)
  })
})

describe('uuidv4', () => {
  it('makes RFC 4122 version 4 ids that the schema accepts, even without crypto.randomUUID', () => {
    const original = crypto.randomUUID
    try {
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })
      const ids = Array.from({ length: 200 }, () => uuidv4())
      for (const value of ids) expect(value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(new Set(ids).size).toBe(200)
      expect(paths({ id: ids[0], kind: 'confirm', stationId: 'a' })).toEqual([])
    }
    finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true })
    }
  })
})
