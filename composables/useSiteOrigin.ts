/**
 * The site's public origin for absolute links (share cards, poster QR codes): runtime config
 * `public.siteUrl` (NUXT_PUBLIC_SITE_URL); without it, the page's own origin in the browser and ''
 * (relative links) on the server, never the request's `Host` header, which a client chooses.
 */
export function useSiteOrigin(): string {
  const configured = String(useRuntimeConfig().public.siteUrl ?? '').trim()
  if (configured) return configured.replace(/\/+$/, '')
  return import.meta.client ? window.location.origin : ''
}
