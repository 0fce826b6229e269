import type { H3Event } from 'h3'

// Each suggestion's district follows its station (server/utils/suggestions/districts.ts). The
// stations are read through a request (Nuxt Content's database), so the first API request of each
// server records their districts, and every other API request waits for it: a suggestion stored
// after it gets its station's district in the same INSERT. Only /api/ waits: reading the stations
// fetches Nuxt Content's own routes (/__nuxt_content/…), which would otherwise wait for themselves.
export default defineNitroPlugin((nitroApp) => {
  if (import.meta.prerender) return
  let recorded: Promise<void> | undefined

  async function record(event: H3Event) {
    try {
      await databaseReady()
      const started = performance.now()
      const changed = await syncSuggestionDistricts(event)
      if (changed) logger.info(`[suggestions] ${changed} suggestions given their station's district in ${Math.round(performance.now() - started)} ms`)
    }
    catch (error) {
      // Answering comes first; the next request tries again.
      recorded = undefined
      logger.error(`[suggestions] recording the stations' districts failed: ${errorMessage(error)}`)
    }
  }

  nitroApp.hooks.hook('request', async (event) => {
    if (!event.path.startsWith('/api/')) return
    recorded ??= record(event)
    await recorded
  })
})
