// A built server writes JSON lines only (server/utils/ops/logger.ts): what libraries print with
// console.* goes through the log too. `nuxt dev` keeps its readable output.
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])

export default defineNitroPlugin(() => {
  if (import.meta.prerender) return
  const level = String(useRuntimeConfig().logLevel)
  if (LEVELS.has(level)) logger.level = level
  else logger.warn(`[config] NUXT_LOG_LEVEL=${level} is not a level (debug, info, warn, error, fatal): logging at ${logger.level}`)
  if (!import.meta.dev) routeConsoleToLog()
})
