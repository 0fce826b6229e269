import type { RetentionPolicy } from '../utils/suggestions/retention'

const DAY_MS = 86_400_000

// Contacts and client hashes are removed once their time is up (README, "What is kept"): at start-up,
// then daily. Every instance runs it; runs that meet wait for each other (applyRetention).
export default defineNitroPlugin((nitroApp) => {
  if (import.meta.prerender) return
  let policy: RetentionPolicy
  try {
    policy = retentionPolicy()
  }
  catch (error) {
    logger.fatal(`[retention] ${errorMessage(error)}`)
    process.exit(1)
  }
  async function run() {
    try {
      await databaseReady()
      const removed = await applyRetention(useStores(), policy)
      if (removed.contacts || removed.clientHashes || removed.confirmers) {
        logger.info(`[retention] removed ${removed.contacts} contacts, ${removed.clientHashes} client hashes and ${removed.confirmers} confirm senders`)
      }
    }
    catch (error) {
      // Tried again tomorrow; nothing is lost by waiting, only kept a day longer.
      logger.error(`[retention] failed: ${errorMessage(error)}`)
    }
  }
  void run()
  // unref: the timer alone never keeps the process alive.
  const timer = setInterval(run, DAY_MS).unref()
  nitroApp.hooks.hook('close', () => clearInterval(timer))
})
