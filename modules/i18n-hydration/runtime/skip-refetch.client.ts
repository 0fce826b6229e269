import { defineNuxtPlugin, onNuxtReady, type useNuxtApp } from '#app'

interface I18nContext { loadMessages: (locale: string) => Promise<void> }

// While the page hydrates with messages it already carries, the module's first loadMessages call
// (made right after i18n:beforeLocaleSwitch) does nothing; the messages are completed in the
// background once the page is up. Only added for the checked release (../index.ts).
export default defineNuxtPlugin({
  name: 'i18n-skip-refetch',
  enforce: 'pre',
  setup(plugin) {
    const nuxtApp = plugin as ReturnType<typeof useNuxtApp> & { _nuxtI18n?: I18nContext }
    nuxtApp.hook('i18n:beforeLocaleSwitch', ({ initialSetup, newLocale }) => {
      const ctx = nuxtApp._nuxtI18n
      if (!initialSetup || !nuxtApp.isHydrating || typeof ctx?.loadMessages !== 'function' || !nuxtApp.$i18n.te('app.name', newLocale)) return
      const load = ctx.loadMessages
      ctx.loadMessages = async () => {
        ctx.loadMessages = load
      }
      onNuxtReady(() => nuxtApp.$i18n.loadLocaleMessages(newLocale))
    })
  },
})
