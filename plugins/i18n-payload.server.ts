// The page carries the messages of its language (i18n `experimental.preload`), so it works even
// when the request for them fails (weak signal, offline from the service worker's cache). The module
// would send only those server rendering used; client-only parts (outbox, form errors, offline
// notice, map controls) need the rest, so the whole current language is marked as used.
export default defineNuxtPlugin({
  name: 'i18n-payload',
  dependsOn: ['i18n:plugin:route-locale-detect'],
  setup(nuxtApp) {
    const i18n = nuxtApp.$i18n
    for (const group of Object.keys(i18n.getLocaleMessage(i18n.locale.value))) i18n.te(group)
  },
})
