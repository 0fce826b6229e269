// Graceful shutdown is Nitro's own (node-server preset, nitropack/runtime/internal/shutdown): on
// SIGTERM or SIGINT it closes the listener, lets requests in flight finish for up to
// NITRO_SHUTDOWN_TIMEOUT ms, runs the `close` hook (server/plugins/database.ts closes the database and
// Redis there) and exits 0. It reads that variable right after the plugins ran, so the deadline can
// come from our runtime config (NUXT_SHUTDOWN_TIMEOUT_MS, default 10 s, not Nitro's 30 s).
export default defineNitroPlugin((nitroApp) => {
  if (import.meta.dev || import.meta.prerender) return
  const configured = Number(useRuntimeConfig().shutdownTimeoutMs)
  const timeoutMs = Number.isInteger(configured) && configured > 0 ? configured : 10_000
  process.env.NITRO_SHUTDOWN_TIMEOUT = String(timeoutMs)
  // Without Nitro's handler (NITRO_SHUTDOWN_DISABLED) a listener here would keep the process from stopping.
  if (process.env.NITRO_SHUTDOWN_DISABLED) return
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => logger.info({ signal, timeoutMs }, `[shutdown] ${signal}: no new connections; finishing requests in flight (at most ${timeoutMs} ms)`))
  }
  // After server/plugins/database.ts's own close hook (hooks run in turn, in the plugins' order).
  nitroApp.hooks.hook('close', () => {
    const cut = requestsInFlight()
    if (cut) logger.warn({ requestsCut: cut }, `[shutdown] ${cut} requests were still in flight at the deadline and were cut`)
    logger.info('[shutdown] database and Redis closed; exiting')
  })
})
