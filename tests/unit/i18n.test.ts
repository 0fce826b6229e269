import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { baseCompile } from '@intlify/message-compiler'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { compileMessage } from '../../i18n/compile-message'
import { PROBLEM_REASON_KEYS, SUGGESTION_ERROR_CODES, SUGGESTION_KIND_KEYS, UNVERIFIED_REASONS } from '../../shared/schemas/suggestion'
import { UI_LOCALES } from '../../shared/utils/locale'
import { AMENITY_KEYS, AUDIENCE_KEYS, KIND_KEYS, PRECISION_KEYS, STATUS_KEYS } from '../../shared/utils/vocabulary'
import { districtName, regionConfig } from '../../server/regions/region'
import { MESSAGES, lookup, type MessageTree } from './messages'

const root = resolve(import.meta.dirname, '../..')
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/

function flatten(tree: MessageTree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[prefix + key, value] as [string, string]] : flatten(value, `${prefix}${key}.`))
}

function sourceFiles(path: string): string[] {
  const full = resolve(root, path)
  if (statSync(full).isFile()) return [full]
  return readdirSync(full).flatMap(name => sourceFiles(join(path, name))).filter(f => /\.(vue|ts)$/.test(f))
}

const files = ['pages', 'components', 'layouts', 'composables', 'plugins', 'middleware', 'shared', 'app.vue', 'error.vue']
  .flatMap(sourceFiles)
  .map(file => ({ file: relative(root, file), code: readFileSync(file, 'utf8') }))
const namespaces = new Set(Object.keys(MESSAGES['zh-CN']))

/** Message keys written literally in the source: t('a.b'), keypath="a.b", or any 'ns.key' string (single quotes: scripts) of a known namespace. */
function literalKeys(code: string): string[] {
  const keys = new Set<string>()
  for (const [, key] of code.matchAll(/\b(?:\$?t|te)\(\s*['"]([^'"]+)['"]/g)) keys.add(key!)
  for (const [, key] of code.matchAll(/keypath="([^"]+)"/g)) keys.add(key!)
  for (const [, key] of code.matchAll(/'([a-zA-Z]+(?:\.[\w-]+)+)'/g)) {
    if (namespaces.has(key!.split('.')[0]!)) keys.add(key!)
  }
  return [...keys]
}

/** Keys built at run time, t(`kind.${kind}`): the part before `${` must be a group of messages. */
function dynamicPrefixes(code: string): string[] {
  return [...code.matchAll(/\b(?:\$?t|te)\(\s*`([^`$]*)\$\{/g)].map(m => m[1]!)
}

describe('the locale files', () => {
  const zh = new Map(flatten(MESSAGES['zh-CN']))

  it.each(UI_LOCALES)('%s has exactly the keys of zh-CN, none empty', (locale) => {
    const messages = new Map(flatten(MESSAGES[locale]))
    expect([...messages.keys()].sort()).toEqual([...zh.keys()].sort())
    expect([...messages].filter(([, text]) => !text.trim()).map(([key]) => key)).toEqual([])
  })

  it.each(UI_LOCALES)('%s has only messages vue-i18n can compile, without plurals or links', (locale) => {
    const broken: string[] = []
    for (const [key, text] of flatten(MESSAGES[locale])) {
      const { ast } = baseCompile(text, { jit: true, onError: error => broken.push(`${key}: ${error.message}`) })
      if (ast.body.type !== 2) broken.push(`${key}: not a plain message (a | or @ in the text?)`)
    }
    expect(broken).toEqual([])
  })

  it.each(UI_LOCALES)('%s reads the same through our small message compiler as through vue-i18n\'s', (locale) => {
    const theirs = createI18n({ legacy: false, locale, messages: MESSAGES }).global
    const ours = createI18n({ legacy: false, locale, messages: MESSAGES, messageCompiler: compileMessage }).global
    for (const [key, text] of flatten(MESSAGES[locale])) {
      const params = Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map(([, name], i) => [name!, `<${i}>`]))
      expect(ours.t(key, params), key).toBe(theirs.t(key, params))
    }
  })

  it.each(UI_LOCALES)('%s reads the same from the build\'s precompiled copy (lazy offline fallback)', (locale) => {
    const ours = createI18n({ legacy: false, locale, messages: MESSAGES, messageCompiler: compileMessage }).global
    for (const minify of [true, false]) {
      for (const [key, text] of flatten(MESSAGES[locale])) {
        const { ast } = baseCompile(text, { jit: true, minify, location: false })
        const params = Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map(([, name], i) => [name!, `<${i}>`]))
        expect(compileMessage(ast, {} as never)({ ...ours, named: (name: string) => params[name], interpolate: (v: unknown) => v, normalize: (v: unknown[]) => v.join('') } as never), key).toBe(ours.t(key, params))
      }
    }
  })

  it('has no Chinese in the English interface', () => {
    expect(flatten(MESSAGES.en).filter(([, text]) => CJK.test(text))).toEqual([])
  })

  it('names every value of every vocabulary in both languages', () => {
    const expected = [
      ...KIND_KEYS.map(k => `kind.${k}`),
      ...AMENITY_KEYS.map(k => `amenity.${k}`),
      ...AUDIENCE_KEYS.map(k => `audience.${k}`),
      ...STATUS_KEYS.map(k => `status.${k}`),
      ...PRECISION_KEYS.map(k => `precision.${k}`),
      ...PROBLEM_REASON_KEYS.map(k => `problemReason.${k}`),
      ...SUGGESTION_KIND_KEYS.map(k => `suggestionKind.${k}`),
      ...SUGGESTION_ERROR_CODES.map(k => `apiError.${k}`),
      ...UNVERIFIED_REASONS.map(k => `admin.queue.unverified.${k}`),
      ...regionConfig('140700').districts.map(d => `district.${d.code}`),
      ...['amap', 'baidu', 'tencent', 'apple'].map(k => `navApp.${k}`),
      ...['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su', 'PH', 'SH'].map(k => `hours.day.${k}`),
    ]
    for (const locale of UI_LOCALES) {
      expect(expected.filter(key => typeof lookup(MESSAGES[locale], key) !== 'string'), locale).toEqual([])
    }
  })

  it('calls each district it names by its name from the division data in Chinese', () => {
    const districts = (MESSAGES['zh-CN'] as { district: Record<string, string> }).district
    expect(Object.keys(districts).length).toBeGreaterThan(0)
    for (const [code, name] of Object.entries(districts)) expect(name, code).toBe(districtName(code))
  })
})

describe('the source', () => {
  it('finds the keys it uses (sanity check of this test)', () => {
    const all = files.flatMap(({ code }) => literalKeys(code))
    expect(all.length).toBeGreaterThan(150)
    expect(all).toContain('geo.denied')
    expect(files.flatMap(({ code }) => dynamicPrefixes(code))).toContain('kind.')
  })

  it('uses only keys that exist in every language', () => {
    const missing = files.flatMap(({ file, code }) => literalKeys(code)
      .flatMap(key => UI_LOCALES.filter(locale => typeof lookup(MESSAGES[locale], key) !== 'string').map(locale => `${file}: ${key} (${locale})`)))
    expect(missing).toEqual([])
  })

  it('builds keys only inside groups that exist in every language', () => {
    const missing = files.flatMap(({ file, code }) => dynamicPrefixes(code)
      .flatMap(prefix => UI_LOCALES.filter(locale => typeof lookup(MESSAGES[locale], prefix.replace(/[._]$/, '')) !== 'object' && !prefix.endsWith('_'))
        .map(locale => `${file}: ${prefix}… (${locale})`)))
    expect(missing).toEqual([])
  })

  it('has no Chinese text in templates or scripts outside comments and the locale files', () => {
    const offending = files.filter(({ file }) => !file.startsWith('shared/'))
      .flatMap(({ file, code }) => code.split('\n').map((line, i) => ({ line, at: `${file}:${i + 1}` })))
      .filter(({ line }) => CJK.test(line.replace(/\/\/.*$|<!--.*?-->|^\s*\*.*$|\/\*.*?\*\//g, '')))
      .map(({ at, line }) => `${at}: ${line.trim()}`)
    expect(offending).toEqual([])
  })
})
