/**
 * Runs `callback` once the page has hydrated and the phone has a moment, 2 s at most (whenIdle):
 * Nuxt's onNuxtReady, bounded. onNuxtReady waits for the browser's idle time with no limit, so on a
 * phone that is never idle what waits for it never runs.
 */
export function onAppReady(callback: () => void): void {
  if (import.meta.server) return
  const nuxtApp = useNuxtApp()
  if (nuxtApp.isHydrating) nuxtApp.hooks.hookOnce('app:suspense:resolve', () => void whenIdle(callback))
  else whenIdle(callback)
}
