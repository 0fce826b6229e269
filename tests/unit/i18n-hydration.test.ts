import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHECKED_I18N_VERSION } from '../../modules/i18n-hydration'

// modules/i18n-hydration replaces a private function of @nuxtjs/i18n. These fail as soon as the
// installed module is another release or its code no longer looks the way the work-around needs:
// then check nuxt-modules/i18n#3773 again, and fix or remove the work-around.
const require = createRequire(import.meta.url)
const root = dirname(require.resolve('@nuxtjs/i18n/package.json'))
const runtime = (file: string) => readFileSync(join(root, 'dist/runtime', file), 'utf8')

describe('the i18n hydration work-around', () => {
  it('is checked against the installed @nuxtjs/i18n', () => {
    expect(require('@nuxtjs/i18n/package.json').version).toBe(CHECKED_I18N_VERSION)
  })

  it('finds the context it patches where the module keeps it', () => {
    expect(runtime('plugins/i18n.js')).toContain('nuxt._nuxtI18n = ctx')
    expect(runtime('context.js')).toMatch(/loadMessages: async \(locale\) => \{/)
  })

  it('still needs to: the module loads messages again while hydrating unless it loaded them itself', () => {
    expect(runtime('context.js')).toMatch(/if \(nuxt\.isHydrating && loadMap\.has\(locale\)\) \{\s*return;/)
  })

  it('still needs to: the module waits for its loadMessages before the first navigation', () => {
    expect(runtime('plugins/preload.js')).toMatch(/beforeResolve\(async \(to, from\) => \{[^}]*\}\s*await ctx\.loadMessages\(ctx\.getLocale\(\)\);/)
  })

  it('runs between the hook it listens to and the call it replaces', () => {
    const utils = runtime('utils.js')
    const hook = utils.indexOf('callHook("i18n:beforeLocaleSwitch"')
    const load = utils.indexOf('await ctx.loadMessages(locale)', hook)
    expect(hook).toBeGreaterThan(-1)
    expect(load).toBeGreaterThan(hook)
  })
})
