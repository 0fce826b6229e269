import { isUiLocale } from '#shared/utils/locale'

interface I18nContext { loadMessages: (locale: string) => Promise<void> }

// The interface's messages must never depend on one request succeeding: people use this on weak
// signal and offline (the service worker's app shell renders pages the phone has never seen).
// - A server-rendered page brings its language (plugins/i18n-payload.server.ts), yet @nuxtjs/i18n
//   10.4 fetches it again before hydrating (nuxt-modules/i18n#3773): skip that request and
//   complete the messages in the background once the page is up.
// - When the messages could not be fetched (offline, shell), take them from the build's own copy:
//   a lazy chunk the service worker has precached with the rest of the JavaScript.
export default defineNuxtPlugin({
  name: 'i18n-messages',
  enforce: 'pre',
  setup(plugin) {
    const nuxtApp = plugin as ReturnType<typeof useNuxtApp> & { _nuxtI18n?: I18nContext }

    async function ensure(locale: string) {
      if (!isUiLocale(locale) || nuxtApp.$i18n.te('app.name', locale)) return
      try {
        const bundled = await import(`../i18n/locales/${locale}.json`)
        nuxtApp.$i18n.mergeLocaleMessage(locale, bundled.default)
      }
      catch { /* no copy here either (first visit, offline): keys show until the connection returns */ }
    }

    nuxtApp.hook('i18n:beforeLocaleSwitch', ({ initialSetup, newLocale }) => {
      const ctx = nuxtApp._nuxtI18n
      if (!initialSetup || !nuxtApp.isHydrating || !ctx || !nuxtApp.$i18n.te('app.name', newLocale)) return
      const load = ctx.loadMessages
      ctx.loadMessages = async () => {
        ctx.loadMessages = load
      }
      onNuxtReady(() => nuxtApp.$i18n.loadLocaleMessages(newLocale))
    })
    nuxtApp.hook('app:created', () => ensure(nuxtApp.$i18n.locale.value))
    nuxtApp.hook('i18n:localeSwitched', ({ newLocale }) => ensure(newLocale))
  },
})
