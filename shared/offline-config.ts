/** How the service worker keeps things for offline use (service-worker/sw.ts). */
export const OFFLINE = {
  /** The page the service worker serves for a route it has never seen while offline: it renders any route client-side. */
  shellPath: '/offline-shell',
  caches: {
    pages: 'yizhan-pages',
    data: 'yizhan-data',
    tiles: 'yizhan-tiles',
  },
  /** Pages (HTML) kept from earlier visits. */
  pages: { maxEntries: 80, maxAgeDays: 30 },
  /**
   * Map tiles, cached only as they are viewed (OpenStreetMap's tile policy forbids prefetching),
   * bounded by count and age. 400 tiles of ~20 KB is about 8 MB.
   */
  tiles: { maxEntries: 400, maxAgeDays: 30 },
  /** The cached station data is refreshed in the background at most this often while online. */
  dataRefreshMinutes: 5,
  /** Give up on the network after this long and answer from the cache (weak signal). */
  networkTimeoutSeconds: 4,
  /**
   * What the service worker answers from its cache is marked, so the page can say it is not live:
   * data with this header, pages with this meta element; both hold the HTTP date it was fetched.
   */
  cachedHeader: 'x-yizhan-cached',
  cachedMeta: 'yizhan-cached',
  /** While offline, the app checks this often whether the server can be reached again. */
  recheckSeconds: 5,
} as const

/**
 * Addresses whose answers may hold staff data or anything personal (the API's JSON opened in the
 * address bar, the staff workspace): never kept by the service worker, and removed from its caches
 * when staff sign out. A shared phone keeps nothing of them.
 */
export function isPrivatePath(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname === '/admin' || pathname.startsWith('/admin/')
}

/**
 * Removes every page kept for a private address (left by an older service worker). Only the pages
 * cache holds navigations; the data cache holds the public places of one city alone.
 */
export async function forgetPrivateResponses(): Promise<void> {
  if (!(await caches.has(OFFLINE.caches.pages))) return
  const cache = await caches.open(OFFLINE.caches.pages)
  for (const request of await cache.keys()) {
    if (isPrivatePath(new URL(request.url).pathname)) await cache.delete(request)
  }
}
