// The plugins run in one task and the page hydrates in the next (useHydrationPause): together they
// were one long task on a phone.
export default defineNuxtPlugin({
  name: 'hydrate-in-own-task',
  enforce: 'post',
  setup: () => useHydrationPause(),
})
