let ticking = false

/**
 * The current time as a shared, reactive Date. The server's value travels with the page so the
 * first client render matches it; once the app is up it is set again (a page from the cache may be
 * old) and ticks every 30 s, on one timer, so open/closed badges stay true.
 */
export function useNow() {
  const now = useState('now', () => Date.now())
  if (import.meta.client && !ticking) {
    ticking = true
    onNuxtReady(() => {
      now.value = Date.now()
      setInterval(() => (now.value = Date.now()), 30_000)
    })
  }
  return computed(() => new Date(now.value))
}
