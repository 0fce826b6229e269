import { describe, expect, it } from 'vitest'
import { hashStaffPassword, SCRYPT_DEFAULTS, staffPasswordNeedsRehash, verifyStaffPassword } from '../../server/utils/staff/password'

// Cheap parameters keep the table fast; one test uses the real ones.
const FAST = { ln: 10, r: 8, p: 1 }

describe('staff password hashing (scrypt)', () => {
  it('stores the parameters, a salt and the hash in one string, never the password', async () => {
    const hash = await hashStaffPassword('correct horse battery', FAST)
    expect(hash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/)
    expect(hash).not.toContain('correct')
  })

  it('salts each hash: the same password hashes differently', async () => {
    const [a, b] = await Promise.all([hashStaffPassword('same password!', FAST), hashStaffPassword('same password!', FAST)])
    expect(a).not.toBe(b)
    expect(await verifyStaffPassword(a, 'same password!')).toBe(true)
    expect(await verifyStaffPassword(b, 'same password!')).toBe(true)
  })

  it.each([
    ['the right password', 'Zhōngwén 密码 ✓', true],
    ['a wrong password', 'Zhōngwén 密码 ✗', false],
    ['an empty password', '', false],
    ['the right password with a trailing space', 'Zhōngwén 密码 ✓ ', false],
  ])('verifies %s', async (_name, attempt, expected) => {
    const hash = await hashStaffPassword('Zhōngwén 密码 ✓', FAST)
    expect(await verifyStaffPassword(hash, attempt)).toBe(expected)
  })

  it('treats the NFC and NFD spellings of a password as the same', async () => {
    const hash = await hashStaffPassword('café-password'.normalize('NFC'), FAST)
    expect(await verifyStaffPassword(hash, 'café-password'.normalize('NFD'))).toBe(true)
  })

  it.each([
    '',
    'plain text',
    '$scrypt$ln=10,r=8,p=1$c2FsdA==',
    '$scrypt$ln=99,r=8,p=1$c2FsdA==$aGFzaA==',
    '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
  ])('refuses a malformed hash %j instead of throwing', async (hash) => {
    expect(await verifyStaffPassword(hash, 'anything at all')).toBe(false)
  })

  it('uses the default cost and asks for a rehash when the cost changes', async () => {
    const hash = await hashStaffPassword('default cost password')
    expect(hash.startsWith(`$scrypt$ln=${SCRYPT_DEFAULTS.ln},r=${SCRYPT_DEFAULTS.r},p=${SCRYPT_DEFAULTS.p}$`)).toBe(true)
    expect(await verifyStaffPassword(hash, 'default cost password')).toBe(true)
    expect(staffPasswordNeedsRehash(hash)).toBe(false)
    expect(staffPasswordNeedsRehash(await hashStaffPassword('x', FAST))).toBe(true)
  })
})
