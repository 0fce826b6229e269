import { addPlugin, createResolver, defineNuxtModule, useLogger } from '@nuxt/kit'
import { createRequire } from 'node:module'

/**
 * The @nuxtjs/i18n release whose internals runtime/skip-refetch.client.ts was written against;
 * tests/unit/i18n-hydration.test.ts fails when the installed module differs or its code changed.
 */
export const CHECKED_I18N_VERSION = '10.4.1'

// A server-rendered page brings its language's messages (plugins/i18n-payload.server.ts), yet
// @nuxtjs/i18n 10.4 fetches them again before hydrating (nuxt-modules/i18n#3773): on one bar of
// signal the page stays dead for that round trip. The work-around replaces a private function of
// the module, so it is added only for the release it was checked against; any other release gets
// the module's own behaviour (slower to start, still correct) and a warning at build time.
export default defineNuxtModule({
  meta: { name: 'i18n-hydration' },
  setup() {
    const logger = useLogger('i18n-hydration')
    const { version } = createRequire(import.meta.url)('@nuxtjs/i18n/package.json') as { version: string }
    if (version !== CHECKED_I18N_VERSION) {
      logger.warn(`@nuxtjs/i18n ${version} is not ${CHECKED_I18N_VERSION}: pages fetch their messages again before they start. Check nuxt-modules/i18n#3773 and update modules/i18n-hydration.`)
      return
    }
    addPlugin(createResolver(import.meta.url).resolve('./runtime/skip-refetch.client'))
  },
})
