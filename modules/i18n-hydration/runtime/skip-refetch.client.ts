import { defineNuxtPlugin, onNuxtReady, type useNuxtApp } from '#app'
import { PAGE_MESSAGE_GROUPS } from '../../../shared/utils/locale'
import { bundledMessages } from '../../../i18n/bundled'

interface I18nContext { loadMessages: (locale: string) => Promise<void> }

/** How long a tap on a link waits for the messages request before the build's own copy is used. */
const PATIENCE_MS = 3000
/** The groups a page may leave out of the messages it carries (plugins/i18n-payload.server.ts). */
const LEFT_OUT = ['sample', ...Object.keys(PAGE_MESSAGE_GROUPS)]

// While the page hydrates with messages it already carries, the module's loadMessages does nothing;
// the messages are completed in the background once the page is up. The module also completes them
// before the first navigation, and waits: on one bar of signal, with the request never answered, the
// first tap of a link went nowhere. That wait now ends after PATIENCE_MS, and a request that failed
// (offline) no longer leaves the next page without its words: both take the build's own copy
// (i18n/bundled.ts, precached by the service worker; not the usual way: it is 9 KB gzip of script).
// Only added for the checked release (../index.ts).
export default defineNuxtPlugin({
  name: 'i18n-skip-refetch',
  enforce: 'pre',
  setup(plugin) {
    const nuxtApp = plugin as ReturnType<typeof useNuxtApp> & { _nuxtI18n?: I18nContext }
    // A page may carry a few words of these groups (open data's footer link), but never the staff
    // workspace's (its pages are rendered in the browser): all four are there once the whole catalogue is.
    const complete = (locale: string) => LEFT_OUT.every(group => group in (nuxtApp.$i18n.getLocaleMessage(locale) as Record<string, unknown>))
    async function copy(locale: string) {
      try {
        nuxtApp.$i18n.mergeLocaleMessage(locale, await bundledMessages(locale))
      }
      catch { /* not here either: the keys show until the connection returns */ }
    }
    nuxtApp.hook('i18n:beforeLocaleSwitch', ({ initialSetup, newLocale }) => {
      const ctx = nuxtApp._nuxtI18n
      if (!initialSetup || !nuxtApp.isHydrating || typeof ctx?.loadMessages !== 'function' || !nuxtApp.$i18n.te('app.name', newLocale)) return
      const load = ctx.loadMessages
      // One completion at a time per language: the one started in the background and the first tap's share a request.
      const completing = new Map<string, Promise<void>>()
      async function completeMessages(locale: string) {
        let patience: ReturnType<typeof setTimeout> | undefined
        await Promise.race([load(locale), new Promise(resolve => (patience = setTimeout(resolve, PATIENCE_MS)))])
        clearTimeout(patience)
        if (!complete(locale)) await copy(locale)
      }
      ctx.loadMessages = async (locale) => {
        if (nuxtApp.isHydrating || complete(locale)) return
        if (!completing.has(locale)) completing.set(locale, completeMessages(locale).finally(() => completing.delete(locale)))
        await completing.get(locale)
      }
      onNuxtReady(() => ctx.loadMessages(newLocale))
    })
  },
})
