export interface CrossSiteInput {
  /** The `Origin` header, if any. */
  origin?: string
  /** The `Sec-Fetch-Site` header, if any. */
  secFetchSite?: string
  /** The host the request was sent to (`Host`, or `X-Forwarded-Host` behind a trusted proxy). */
  host: string
  /** Other origins allowed to act (runtime config `staff.allowedOrigins`). */
  allowedOrigins?: ReadonlySet<string>
}

/**
 * True when a state-changing request comes from another site. Browsers that send `Sec-Fetch-Site`
 * are trusted on it; older ones are judged by `Origin` against the host. A request with neither
 * is not from a browser page (curl, scripts) and carries no one else's cookie.
 */
export function isCrossSiteRequest({ origin, secFetchSite, host, allowedOrigins = new Set() }: CrossSiteInput): boolean {
  if (origin && allowedOrigins.has(origin)) return false
  if (secFetchSite) return secFetchSite !== 'same-origin' && secFetchSite !== 'none'
  if (!origin) return false
  try {
    return new URL(origin).host !== host.toLowerCase()
  }
  catch {
    return true // "null" (sandboxed frames, file:) and garbage
  }
}

/** True for a path under /api/admin, /api/auth or /api/_auth (nuxt-auth-utils), however it is spelled. */
export function isStaffApiPath(path: string): boolean {
  let pathname = path.split(/[?#]/)[0] ?? ''
  try {
    pathname = decodeURIComponent(pathname)
  }
  catch { /* keep it as sent */ }
  return /^\/+api\/+_?(?:admin|auth)(?:[/\\]|$)/i.test(pathname)
}
