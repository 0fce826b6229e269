import { describeTarget } from '../database/connection'

// Open the database and apply migrations at start, and connect to Redis for limits. No request is
// answered before; a database that cannot be migrated stops the server with the reason.
export default defineNitroPlugin((nitroApp) => {
  // The build prerenders only Nuxt Content's own dump: it needs no database, and must not migrate a developer's.
  if (import.meta.prerender) return
  function stop(where: string, error: unknown): never {
    logger.fatal(`[database] ${where}${errorMessage(error)}`)
    process.exit(1)
  }
  let migrated: Promise<void>
  try {
    migrated = databaseReady().catch(error => stop(`${describeTarget(useDatabase().target)}: `, error))
  }
  catch (error) {
    stop('', error) // DATABASE_URL itself is wrong
  }
  const ready = Promise.all([migrated, connectRateLimits()])
  nitroApp.hooks.hook('request', async () => {
    await ready
  })
  nitroApp.hooks.hook('close', async () => {
    await Promise.all([closeDatabase(), closeRateLimits()])
  })
})
