import { describeTarget } from '../database/connection'

// Open the database and apply migrations at start. No request is answered before they are applied,
// and a database that cannot be migrated stops the server with the reason, before any request.
export default defineNitroPlugin((nitroApp) => {
  const ready = databaseReady().catch((error: unknown) => {
    console.error(`[database] ${describeTarget(useDatabase().target)}:`, error)
    process.exit(1)
  })
  nitroApp.hooks.hook('request', () => ready)
  nitroApp.hooks.hook('close', async () => {
    await Promise.all([closeDatabase(), closeRateLimits()])
  })
})
