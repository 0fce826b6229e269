/**
 * The site's public origin for absolute links (share cards): runtime config `public.siteUrl`,
 * else the origin the page was requested at. Set NUXT_PUBLIC_SITE_URL behind a proxy.
 */
export function useSiteOrigin(): string {
  const configured = String(useRuntimeConfig().public.siteUrl ?? '').trim()
  return configured ? configured.replace(/\/+$/, '') : useRequestURL().origin
}
