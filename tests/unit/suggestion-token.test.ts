import { describe, expect, it } from 'vitest'
import { checkTokenWith, issueTokenWith, TOKEN_MAX_AGE_MS } from '../../server/utils/suggestions/token'
import { confirmSenderOf } from '../../server/utils/suggestions/confirmations'
import { SUGGESTION_TOKEN_PATTERN } from '../../shared/schemas/suggestion'
import { confirmWindowStart } from '../../shared/utils/confirm-window'

const secret = 'unit-test-secret-0123456789abcdef0123456789'
const now = Date.parse('2026-11-05T04:00:00.000Z')

describe('form tokens', () => {
  it('have the shape the schema accepts', () => {
    expect(issueTokenWith(secret, now)).toMatch(SUGGESTION_TOKEN_PATTERN)
  })

  it.each<[string, () => string, ReturnType<typeof checkTokenWith>]>([
    ['issued 5 s ago', () => issueTokenWith(secret, now - 5000), { valid: true, ageMs: 5000 }],
    ['issued just now', () => issueTokenWith(secret, now), { valid: true, ageMs: 0 }],
    ['issued exactly a day ago', () => issueTokenWith(secret, now - TOKEN_MAX_AGE_MS), { valid: true, ageMs: TOKEN_MAX_AGE_MS }],
    ['a clock 30 s ahead (another instance)', () => issueTokenWith(secret, now + 30_000), { valid: true, ageMs: 0 }],
    ['over a day old', () => issueTokenWith(secret, now - TOKEN_MAX_AGE_MS - 1), { valid: false, reason: 'expired-token' }],
    ['signed with another secret', () => issueTokenWith(`${secret}x`, now - 5000), { valid: false, reason: 'bad-token' }],
    ['with its time changed', () => issueTokenWith(secret, now - 5000).replace(/^\d+/, String(now - 60_000)), { valid: false, reason: 'bad-token' }],
    ['with its MAC changed', () => issueTokenWith(secret, now - 5000).replace(/.$/, c => (c === 'A' ? 'B' : 'A')), { valid: false, reason: 'bad-token' }],
    ['from the future', () => issueTokenWith(secret, now + 3_600_000), { valid: false, reason: 'bad-token' }],
    ['without a MAC', () => `${now}.`, { valid: false, reason: 'bad-token' }],
    ['not a number', () => 'abc.def', { valid: false, reason: 'bad-token' }],
  ])('are checked: %s', (_name, make, expected) => {
    expect(checkTokenWith(secret, make(), now)).toEqual(expected)
  })
})

describe('confirm senders', () => {
  it('name one network per station: the same /24, another station, another network', () => {
    const a = confirmSenderOf(secret, 'station-a', '203.0.113.7')
    expect(confirmSenderOf(secret, 'station-a', '203.0.113.250')).toBe(a)
    expect(confirmSenderOf(secret, 'station-b', '203.0.113.7')).not.toBe(a)
    expect(confirmSenderOf(secret, 'station-a', '203.0.114.7')).not.toBe(a)
    expect(confirmSenderOf(secret, 'station-a', '2001:db8:1:2::1')).toBe(confirmSenderOf(secret, 'station-a', '2001:db8:1:ffff::9'))
    expect(a).not.toContain('203.0.113')
  })

  it('are counted over 30 Beijing days, today included', () => {
    expect(confirmWindowStart(new Date('2026-12-01T04:00:00.000Z'))).toBe('2026-11-02')
    // 17:00 UTC is already the next day in Beijing.
    expect(confirmWindowStart(new Date('2026-12-01T17:00:00.000Z'))).toBe('2026-11-03')
  })
})
