import { defineNuxtPlugin, onNuxtReady, type useNuxtApp } from '#app'
import { PAGE_MESSAGE_GROUPS, isUiLocale } from '../../../shared/utils/locale'
import { bundledMessages } from '../../../i18n/bundled'

interface I18nContext { loadMessages: (locale: string) => Promise<void> }

/** The groups a page may leave out of the messages it carries (plugins/i18n-payload.server.ts). */
const LEFT_OUT = ['sample', ...Object.keys(PAGE_MESSAGE_GROUPS)]

// While the page hydrates with messages it already carries, the module's loadMessages does nothing.
// Once the page is up, the groups it left out are completed in the background, and before the first
// navigation if that comes sooner (the module waits for them then). They come from the build's own
// copy (i18n/bundled.ts), not from the module's request for the whole catalogue:
// - the copy is a file the service worker precaches with the JavaScript, so it is there on weak
//   signal and offline, where the request could hang the first tap or fail;
// - only the left-out groups are merged, one per task: merging the whole catalogue again after parsing
//   it took a phone two long tasks (about 170 ms at 4x CPU slowdown) right after the page was up.
// Only added for the checked release (../index.ts).
export default defineNuxtPlugin({
  name: 'i18n-skip-refetch',
  enforce: 'pre',
  setup(plugin) {
    const nuxtApp = plugin as ReturnType<typeof useNuxtApp> & { _nuxtI18n?: I18nContext }
    // A page may carry a few words of these groups (open data's footer link), but never the staff
    // workspace's (its pages are rendered in the browser): all four are there once completed.
    const complete = (locale: string) => LEFT_OUT.every(group => group in (nuxtApp.$i18n.getLocaleMessage(locale) as Record<string, unknown>))
    async function completeMessages(locale: string) {
      if (!isUiLocale(locale)) return
      let messages: Record<string, unknown>
      try {
        messages = await bundledMessages(locale)
      }
      catch {
        return // not here (first visit, offline): the keys show until the connection returns
      }
      // A language the page did not carry (switched to in the browser): all of it at once.
      if (!nuxtApp.$i18n.te('app.name', locale)) return nuxtApp.$i18n.mergeLocaleMessage(locale, messages)
      // The staff workspace's group last: complete() says done once it is there.
      for (const [i, group] of [...LEFT_OUT.filter(group => group !== 'admin'), 'admin'].entries()) {
        if (i > 0) await new Promise(resolve => setTimeout(resolve))
        if (group in messages) nuxtApp.$i18n.mergeLocaleMessage(locale, { [group]: messages[group] })
      }
    }
    nuxtApp.hook('i18n:beforeLocaleSwitch', ({ initialSetup, newLocale }) => {
      const ctx = nuxtApp._nuxtI18n
      if (!initialSetup || !nuxtApp.isHydrating || typeof ctx?.loadMessages !== 'function' || !nuxtApp.$i18n.te('app.name', newLocale)) return
      // One completion at a time per language: the one started in the background and the first tap's share it.
      const completing = new Map<string, Promise<void>>()
      ctx.loadMessages = async (locale) => {
        if (nuxtApp.isHydrating || complete(locale)) return
        if (!completing.has(locale)) completing.set(locale, completeMessages(locale).finally(() => completing.delete(locale)))
        await completing.get(locale)
      }
      onNuxtReady(() => ctx.loadMessages(newLocale))
    })
  },
})
