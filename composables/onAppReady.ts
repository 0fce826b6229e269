/**
 * Runs `callback` once the page has hydrated and the phone has a moment: Nuxt's onNuxtReady, but
 * bounded. onNuxtReady waits for the browser's idle time with no limit, and on a phone that was
 * never idle the clock would not tick and waiting suggestions would not be sent (whenIdle: 2 s).
 */
export function onAppReady(callback: () => void): void {
  if (import.meta.server) return
  const nuxtApp = useNuxtApp()
  if (nuxtApp.isHydrating) nuxtApp.hooks.hookOnce('app:suspense:resolve', () => void whenIdle(callback))
  else whenIdle(callback)
}
