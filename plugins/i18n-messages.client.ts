import { isUiLocale } from '#shared/utils/locale'
import { bundledMessages } from '~/i18n/bundled'

// The interface's messages must never depend on one request succeeding: people use this on weak
// signal and offline (the service worker's app shell renders pages the phone has never seen).
// When the messages could not be fetched (offline, shell), take them from the build's own copy: a
// JSON file the service worker has precached with the JavaScript (i18n/bundled.ts).
export default defineNuxtPlugin({
  name: 'i18n-messages',
  enforce: 'pre',
  setup(plugin) {
    const nuxtApp = plugin as ReturnType<typeof useNuxtApp>
    async function ensure(locale: string) {
      if (!isUiLocale(locale) || nuxtApp.$i18n.te('app.name', locale)) return
      try {
        nuxtApp.$i18n.mergeLocaleMessage(locale, await bundledMessages(locale))
      }
      catch { /* no copy here either (first visit, offline): keys show until the connection returns */ }
    }

    nuxtApp.hook('app:created', () => ensure(nuxtApp.$i18n.locale.value))
    nuxtApp.hook('i18n:localeSwitched', ({ newLocale }) => ensure(newLocale))
  },
})
