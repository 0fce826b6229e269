import { describe, expect, it } from 'vitest'
import { LoginSchema, ReviewActionSchema, StaffCreateSchema, StationPatchSchema } from '../../shared/schemas/admin'

const paths = (schema: { safeParse: (v: unknown) => { success: boolean, error?: { issues: Array<{ path: PropertyKey[] }> } } }, value: unknown) => {
  const result = schema.safeParse(value)
  return result.success ? [] : result.error!.issues.map(i => i.path.join('.'))
}

describe('StationPatchSchema', () => {
  it.each<[string, unknown]>([
    ['a temporary closure with a note and date', { status: 'temporarily-closed', statusNote: '装修', expectedReopen: '2026-12-01', reason: '街道通知' }],
    ['reopening, clearing the note', { status: 'open', statusNote: null, reason: '装修结束' }],
    ['new hours', { hours: 'Mo-Fr 08:00-18:00; PH off', reason: '电话核实' }],
    ['a move', { location: { lat: 37.7, lng: 112.76 }, reason: '现场核实' }],
    ['a verification date', { lastVerified: '2026-11-01', reason: '现场核实' }],
  ])('accepts %s', (_name, body) => {
    expect(paths(StationPatchSchema, body)).toEqual([])
  })

  it.each<[string, unknown, string[]]>([
    ['no reason', { status: 'closed' }, ['reason']],
    ['no field', { reason: '没有改什么' }, ['']],
    ['a field stations do not have', { nickname: '新名字', reason: '改名' }, ['']],
    ['a name of one character', { name: '站', reason: '改名' }, ['name']],
    ['an empty audience', { audience: [], reason: '核实' }, ['audience']],
    ['a javascript: source link', { source: { name: '区总工会', url: 'javascript:alert(1)' }, reason: '核实' }, ['source.url']],
    ['invalid opening hours', { hours: 'sometimes', reason: '核实' }, ['hours']],
    ['a bad date', { expectedReopen: '2026-13-01', reason: '核实' }, ['expectedReopen']],
    ['removing the hours', { hours: null, reason: '核实' }, ['hours']],
  ])('rejects %s', (_name, body, expected) => {
    expect(paths(StationPatchSchema, body)).toEqual(expected)
  })
})

describe('ReviewActionSchema', () => {
  it.each<[string, unknown, string[]]>([
    ['accept', { action: 'accept' }, []],
    ['accept with a status to apply', { action: 'accept', applyStatus: 'temporarily-closed' }, []],
    ['reject with a reason', { action: 'reject', reason: '信息不实' }, []],
    ['reject without a reason', { action: 'reject' }, ['reason']],
    ['reject with a blank reason', { action: 'reject', reason: '   ' }, ['reason']],
    ['duplicate without a target', { action: 'duplicate' }, ['duplicateOf']],
    ['duplicate of a suggestion', { action: 'duplicate', duplicateOf: '0b7e3c52-8f8e-4c39-9b53-4f0f3b1a2c3d' }, []],
    ['an unknown action', { action: 'delete' }, ['action']],
  ])('%s', (_name, body, expected) => {
    expect(paths(ReviewActionSchema, body)).toEqual(expected)
  })
})

describe('LoginSchema and StaffCreateSchema', () => {
  it('reads an email in lower case without surrounding spaces', () => {
    expect(LoginSchema.parse({ email: '  Admin@Example.ORG ', password: 'x' }).email).toBe('admin@example.org')
  })

  it('wants a password of at least 10 characters and a known district', () => {
    expect(paths(StaffCreateSchema, { email: 'a@b.cn', password: 'short', role: 'editor' })).toEqual(['password'])
    expect(paths(StaffCreateSchema, { email: 'a@b.cn', password: 'long enough!', role: 'editor', district: '北京' })).toEqual(['district'])
    expect(paths(StaffCreateSchema, { email: 'a@b.cn', password: 'long enough!', role: 'root' })).toEqual(['role'])
  })
})
