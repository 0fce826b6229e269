import { tileSource } from '../utils/http/csp'

// The strict CSP allows images only from this server; add the configured tile hosts, which are
// known only at start-up (NUXT_PUBLIC_TILES_URL), not at build time. This plugin runs before
// nuxt-security's own, which then calls the hook with every route's options.
export default defineNitroPlugin((nitroApp) => {
  const { tiles } = useRuntimeConfig().public
  const sources = [tiles.url, tiles.labelsUrl].map(url => tileSource(String(url ?? ''))).filter(Boolean) as string[]
  nitroApp.hooks.hook('nuxt-security:routeRules', (routes) => {
    const headers = routes['/**']?.headers
    const csp = headers ? headers.contentSecurityPolicy : undefined
    if (!csp) return
    const current = csp['img-src']
    csp['img-src'] = [...new Set([...(Array.isArray(current) ? current : ['\'self\'']), ...sources])]
  })
})
