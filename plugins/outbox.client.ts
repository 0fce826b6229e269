// Deliver suggestions that waited on the phone: on app open, when the connection returns,
// when the app comes back to the foreground, and every 30 s while some are waiting.
export default defineNuxtPlugin(() => {
  const outbox = useOutbox()
  const start = async () => {
    await outbox.load()
    await outbox.flush(true)
  }
  window.addEventListener('online', () => outbox.flush(true))
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') outbox.flush()
  })
  setInterval(() => {
    if (outbox.pending.value.length) outbox.flush()
  }, 30_000)
  // Once the page is up: reading IndexedDB at start-up lengthened the first task after the HTML.
  onAppReady(() => start().catch(() => { /* IndexedDB unavailable (private mode): suggestions are then sent directly only */ }))
})
