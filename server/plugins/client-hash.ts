// A client hash is only as private as its secret, so a built server without NUXT_CLIENT_HASH_SECRET
// stops here with the reason, before it answers anything (issue 11). `nuxt dev` makes one up instead.
export default defineNitroPlugin(() => {
  if (import.meta.prerender) return
  try {
    clientHashSecret()
  }
  catch (error) {
    // Plain text on stderr: this plugin runs before the JSON log takes over console (plugins/logging.ts).
    console.error(`[client-hash] ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
})
