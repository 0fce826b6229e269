// While the page hydrates, the plugins run in two tasks: Nuxt's own that come first (payload, head,
// router), then, after a pause (useHydrationPause), the modules' (i18n, Pinia, the PWA) and ours. In
// one they were a task of 140-185 ms on this machine with Lighthouse's trace recording; split, the
// modules' part is 50-85 ms of it. hydrate-in-own-task.client.ts pauses again before the page.
export default defineNuxtPlugin({
  name: 'plugins-in-tasks',
  // After Nuxt's and the modules' `enforce: 'pre'` plugins (-20), before the others (0).
  order: -19,
  setup: () => useHydrationPause(),
})
