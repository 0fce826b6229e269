let ticking = false

/** How often the time moves on: the time a page shows is never more than this behind. */
const TICK_MS = 30_000

/**
 * The current time as a shared, reactive Date. The server's value travels with the page so the
 * first client render matches it; once the app is up it ticks every 30 s, on one timer, so
 * open/closed badges stay true. A page older than one tick (from the cache, or a phone's clock far
 * from the server's) is set to the phone's time at once; a fresh page is not: setting it rendered
 * every badge and the list again right after load, a long task on a phone, to say the same.
 */
export function useNow() {
  const now = useState('now', () => Date.now())
  if (import.meta.client && !ticking) {
    ticking = true
    onAppReady(() => {
      const tick = () => (now.value = Date.now())
      const age = Math.abs(Date.now() - now.value)
      if (age >= TICK_MS) tick()
      // The first tick when the page's own time is one tick old, so it is never more than that behind.
      setTimeout(() => {
        tick()
        setInterval(tick, TICK_MS)
      }, age >= TICK_MS ? TICK_MS : TICK_MS - age)
    })
  }
  return computed(() => new Date(now.value))
}
