/**
 * The site's public origin for absolute links (open data, posters, share cards): runtime config
 * `public.siteUrl` (NUXT_PUBLIC_SITE_URL), else '' so links stay relative. Never the request's `Host`,
 * which a client chooses (server/plugins/site-url.ts warns at start-up when it is unset).
 */
export function siteOrigin(): string {
  return String(useRuntimeConfig().public.siteUrl ?? '').trim().replace(/\/+$/, '')
}

/** True when the configured site URL is https: the staff cookie is then `__Host-` prefixed and Secure. */
export function siteIsHttps(): boolean {
  return siteOrigin().startsWith('https://')
}
