import { describeTarget } from '../database/connection'

// Open the database and apply migrations at start, and connect to Redis for limits. No request is
// answered before; a database that cannot be migrated stops the server with the reason.
export default defineNitroPlugin((nitroApp) => {
  const migrated = databaseReady().catch((error: unknown) => {
    console.error(`[database] ${describeTarget(useDatabase().target)}:`, error)
    process.exit(1)
  })
  const ready = Promise.all([migrated, connectRateLimits()])
  nitroApp.hooks.hook('request', async () => {
    await ready
  })
  nitroApp.hooks.hook('close', async () => {
    await Promise.all([closeDatabase(), closeRateLimits()])
  })
})
