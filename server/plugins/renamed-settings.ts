// A setting renamed since the last release would otherwise be ignored without a word.
export default defineNitroPlugin(() => {
  if (process.env.NUXT_SUGGESTIONS_TRUST_PROXY !== undefined) {
    logger.warn('[config] NUXT_SUGGESTIONS_TRUST_PROXY is no longer read: set NUXT_TRUST_PROXY_HOPS to the number of your proxies (README, "Several boxes").')
  }
})
