import { pageNeeds } from '#shared/utils/locale'

// The page carries the messages of its language (i18n `experimental.preload`), so it can start
// without the request for them: on weak signal, or offline from the service worker's cache. The
// module would send only those server rendering used; client-only parts (outbox, form errors,
// offline notice, map controls) need the others, so every group is marked as used. Except the
// sample-data notice: its words go only into pages that show it, never into a real place's page.
// And except the groups of other pages (PAGE_MESSAGE_GROUPS): the staff workspace's messages were
// 6 KB of every public page, parsed and merged by every phone at start-up.
export default defineNuxtPlugin({
  name: 'i18n-payload',
  dependsOn: ['i18n:plugin:route-locale-detect'],
  setup() {
    const i18n = useNuxtApp().$i18n
    const path = useRequestURL().pathname
    for (const group of Object.keys(i18n.getLocaleMessage(i18n.locale.value))) {
      if (group !== 'sample' && pageNeeds(group, path)) i18n.te(group)
    }
  },
})
