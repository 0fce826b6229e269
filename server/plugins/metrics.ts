// Node's own metrics (CPU, memory, event loop lag, GC) are sampled only when someone may read them.
export default defineNitroPlugin(() => {
  if (import.meta.prerender || !useRuntimeConfig().metricsToken) return
  collectProcessMetrics()
})
