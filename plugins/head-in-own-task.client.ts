// Nuxt brings the page's head up to date once hydration resolves (its unhead plugin, at
// app:suspense:resolve), in hydration's last task, the one that also mounts the page: on a phone about
// 40 ms of resolving every tag to find what the server already sent. That first update now comes in a
// task of its own, through unhead's own render, which waits for a timeout.
export default defineNuxtPlugin({
  name: 'head-in-own-task',
  dependsOn: ['nuxt:head'],
  setup() {
    const head = injectHead()
    let first = true
    // Runs after Nuxt's own hook, which decides whether the head may render now.
    head.hooks.hook('dom:beforeRender', (context) => {
      if (!first || !context.shouldRender) return
      first = false
      context.shouldRender = false
      void head.hooks.callHook('entries:updated', head)
    })
  },
})
