/**
 * The current time as a shared, reactive Date. The server's value travels with the page so the
 * first client render matches it; after mount it ticks every 30 s so open/closed badges stay true.
 */
export function useNow() {
  const now = useState('now', () => Date.now())
  onMounted(() => {
    now.value = Date.now()
    const timer = setInterval(() => (now.value = Date.now()), 30_000)
    onBeforeUnmount(() => clearInterval(timer))
  })
  return computed(() => new Date(now.value))
}
