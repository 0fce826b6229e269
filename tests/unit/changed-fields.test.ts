import { describe, expect, it } from 'vitest'
import { changedFields, sameValue } from '../../shared/utils/changed-fields'

describe('sameValue', () => {
  it.each([
    ['equal text', '驿站', '驿站', true],
    ['different text', '驿站', '驿站 ', false],
    ['an emptied field and a missing one', '', undefined, true],
    ['a cleared field and an empty one', null, '', true],
    ['text and nothing', '驿站', null, false],
    ['false and nothing', false, undefined, false],
    ['0 and nothing', 0, null, false],
    ['different numbers', 37.1, 37.2, false],
    ['false and false', false, false, true],
    ['lists in another order', ['water', 'toilet'], ['toilet', 'water'], true],
    ['lists of another length', ['water'], ['water', 'toilet'], false],
    ['lists with another member', ['water', 'wifi'], ['water', 'toilet'], false],
    ['an empty list and nothing', [], undefined, false],
    ['a list and a text', ['water'], 'water', false],
    ['objects with an empty field left out', { name: '工会', url: undefined }, { name: '工会' }, true],
    ['objects with one field changed', { name: '工会', note: '新' }, { name: '工会', note: '旧' }, false],
    ['objects with a field added', { name: '工会', url: 'https://example.cn' }, { name: '工会' }, false],
  ] as const)('%s: %j and %j are the same: %s', (_name, a, b, same) => {
    expect(sameValue(a, b)).toBe(same)
    expect(sameValue(b, a)).toBe(same)
  })
})

describe('changedFields', () => {
  const current = { name: '榆次驿站', phone: '0354-1234567', arrivalHint: null, amenities: ['water', 'toilet'], sample: false, source: { name: '工会', url: undefined } }

  it.each([
    ['nothing when every field is as it was', { name: '榆次驿站', phone: '0354-1234567', amenities: ['toilet', 'water'], sample: false, source: { name: '工会' } }, {}],
    ['a renamed field with its new value', { name: '榆次新驿站', phone: '0354-1234567' }, { name: '榆次新驿站' }],
    ['a cleared field as cleared', { phone: null, arrivalHint: '' }, { phone: null }],
    ['an emptied field that was empty as nothing', { arrivalHint: '' }, {}],
    ['a filled-in field that was empty', { arrivalHint: '加油站东侧' }, { arrivalHint: '加油站东侧' }],
    ['nothing for a field left undefined', { phone: undefined, name: undefined }, {}],
    ['a list with a member more', { amenities: ['water', 'toilet', 'wifi'] }, { amenities: ['water', 'toilet', 'wifi'] }],
    ['a switched flag', { sample: true }, { sample: true }],
    ['a nested object with a field changed, whole', { source: { name: '工会', url: 'https://example.cn' } }, { source: { name: '工会', url: 'https://example.cn' } }],
    ['a field the current values lack', { hours: '24/7' }, { hours: '24/7' }],
  ] as const)('gives %s', (_name, edited, expected) => {
    expect(changedFields(current, edited)).toStrictEqual(expected)
  })

  it('keeps the edited values, not copies of them', () => {
    const amenities = ['water']
    expect(changedFields({ amenities: [] }, { amenities }).amenities).toBe(amenities)
  })
})
