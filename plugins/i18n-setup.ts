import { registerMessageCompiler } from '@intlify/core-base'
import { compileMessage } from '~/i18n/compile-message'

// vue-i18n's full message compiler is left out of the build (i18n.bundle.dropMessageCompiler in
// nuxt.config.ts); ours reads our simple messages. Registered here, not in an i18n.config.ts,
// which @nuxtjs/i18n would fetch as one more script before the page can start.
export default defineNuxtPlugin({
  name: 'i18n-setup',
  enforce: 'pre',
  setup(nuxtApp) {
    registerMessageCompiler(compileMessage)
    // A missing message is a bug: say so in production too (vue-i18n's warning exists in dev builds
    // only, and the build drops console calls), as a page error the browser tests catch.
    nuxtApp.hook('app:created', () => {
      useNuxtApp().$i18n.setMissingHandler((locale, key) => {
        if (import.meta.client) globalThis.reportError?.(new Error(`[i18n] Not found '${key}' key in '${locale}' locale messages.`))
      })
    })
  },
})
