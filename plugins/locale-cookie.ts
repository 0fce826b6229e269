import { DEFAULT_LOCALE, isUiLocale } from '#shared/utils/locale'

// The language comes from the person's own choice (a cookie), never from the browser's settings:
// detectBrowserLanguage is off, and this sets the first locale before @nuxtjs/i18n loads messages.
// On a server-rendered page the browser keeps the server's language, so hydration always matches.
export default defineNuxtPlugin({
  name: 'locale-cookie',
  enforce: 'pre',
  setup(nuxtApp) {
    // Read only where it decides: in the browser, useCookie also sets up listeners and timers at start-up.
    if (import.meta.client && nuxtApp.payload.serverRendered) return
    const chosen = useCookie(LOCALE_COOKIE, { ...LOCALE_COOKIE_OPTIONS, readonly: true }).value
    let first = true
    nuxtApp.hook('i18n:beforeLocaleSwitch', (switching) => {
      if (!first) return
      first = false
      switching.newLocale = isUiLocale(chosen) ? chosen : DEFAULT_LOCALE
    })
  },
})
