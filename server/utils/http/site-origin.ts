import type { H3Event } from 'h3'

/** The site's public origin for absolute links: runtime config `public.siteUrl`, else the request's own origin. */
export function siteOrigin(event: H3Event): string {
  const configured = String(useRuntimeConfig().public.siteUrl ?? '').trim()
  return configured ? configured.replace(/\/+$/, '') : getRequestURL(event).origin
}
