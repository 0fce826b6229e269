/// <reference lib="webworker" />
import { CacheableResponsePlugin } from 'workbox-cacheable-response'
import { clientsClaim } from 'workbox-core'
import { ExpirationPlugin } from 'workbox-expiration'
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching'
import { registerRoute } from 'workbox-routing'
import { CacheFirst, NetworkFirst, NetworkOnly } from 'workbox-strategies'
import { forgetPrivateResponses, isPrivatePath, OFFLINE } from '../shared/offline-config'

declare const self: ServiceWorkerGlobalScope

const DAY = 86_400

// A new version takes over at once and the page reloads (registerType: autoUpdate): nobody is
// left on an old version. It also removes what older versions may have kept of private addresses.
self.skipWaiting()
clientsClaim()
self.addEventListener('activate', event => event.waitUntil(forgetPrivateResponses()))

// The app's JavaScript, CSS, icons and manifest, versioned by the build.
cleanupOutdatedCaches()
precacheAndRoute(self.__WB_MANIFEST)

// The places of one city (`?near=` picks which): the phone keeps one copy, its own city's, whatever
// the point asked for, never the whole country.
const CITY_URL = '/api/places/city'

// The app shell renders any route on the phone from cached data; fetch both when installing.
self.addEventListener('install', (event) => {
  event.waitUntil(Promise.all([
    caches.open(OFFLINE.caches.pages).then(cache => cache.add(OFFLINE.shellPath)),
    caches.open(OFFLINE.caches.data).then(cache => cache.add(CITY_URL)),
  ]))
})

// Station pages arrive with their place inside and never ask for the city's places, yet offline they
// fall back to them: keep the cached copy fresh behind the scenes while online, at most every few
// minutes, for the city it holds (the address it was fetched from).
let dataRefreshedAt = 0
async function refreshData() {
  if (Date.now() - dataRefreshedAt < OFFLINE.dataRefreshMinutes * 60_000) return
  dataRefreshedAt = Date.now()
  try {
    const cache = await caches.open(OFFLINE.caches.data)
    const kept = await cache.match(CITY_URL)
    const response = await fetch(kept?.url || CITY_URL)
    if (response.ok) await cache.put(CITY_URL, response)
  }
  catch {
    dataRefreshedAt = 0
  }
}

/**
 * A copy of a response answered from the cache, marked so the page can say what it shows is not
 * live, and since when: data carries a header, pages a meta element (a page cannot read its own
 * headers). The body is already decoded, so its length and encoding headers go.
 */
async function markCached(response: Response): Promise<Response> {
  const savedAt = response.headers.get('date') ?? ''
  const headers = new Headers(response.headers)
  headers.set(OFFLINE.cachedHeader, savedAt)
  headers.delete('content-length')
  headers.delete('content-encoding')
  const init = { status: response.status, statusText: response.statusText, headers }
  if (!headers.get('content-type')?.includes('text/html')) return new Response(response.body, init)
  const meta = `<meta name="${OFFLINE.cachedMeta}" content="${savedAt.replace(/[^\w ,:+-]/g, '')}">`
  return new Response((await response.text()).replace('<head>', `<head>${meta}`), init)
}
// An answer that says not to store it (no-store, private) is never kept.
const honoursNoStore = {
  cacheWillUpdate: async ({ response }: { response: Response }) => (/no-store|private/i.test(response.headers.get('cache-control') ?? '') ? null : response),
}

const marksCached = {
  cachedResponseWillBeUsed: async ({ cachedResponse }: { cachedResponse?: Response }) => cachedResponse && markCached(cachedResponse),
}

// Pages: the network first (fresh data, short timeout on weak signal), else the copy from the
// last visit, else the app shell.
const pages = new NetworkFirst({
  cacheName: OFFLINE.caches.pages,
  networkTimeoutSeconds: OFFLINE.networkTimeoutSeconds,
  plugins: [
    new CacheableResponsePlugin({ statuses: [200] }),
    honoursNoStore,
    new ExpirationPlugin({ maxEntries: OFFLINE.pages.maxEntries, maxAgeSeconds: OFFLINE.pages.maxAgeDays * DAY }),
    marksCached,
  ],
})
// The API opened in the address bar and the staff workspace: the network only, never a copy.
registerRoute(({ request, url }) => request.mode === 'navigate' && url.origin === self.location.origin && isPrivatePath(url.pathname), new NetworkOnly())
registerRoute(({ request }) => request.mode === 'navigate', async (options) => {
  try {
    const response = await pages.handle(options)
    if (navigator.onLine) void refreshData()
    return response
  }
  catch {
    const shell = await caches.match(OFFLINE.shellPath, { cacheName: OFFLINE.caches.pages })
    return shell ? markCached(shell) : Response.error()
  }
})

/**
 * The places asked around a new point are most often those the phone keeps (the same city): the
 * request names the kept copy's ETag, and a 304 is answered with that copy, dated by the server's
 * answer. The browser's own cache cannot do this, as each point is another address.
 */
function withTag(request: Request, tag: string | null): Request {
  const headers = new Headers(request.headers)
  if (tag) headers.set('if-none-match', tag)
  else headers.delete('if-none-match')
  return new Request(request, { headers })
}
const revalidatesKept = {
  requestWillFetch: async ({ request }: { request: Request }) => {
    const tag = (await caches.match(CITY_URL, { cacheName: OFFLINE.caches.data }))?.headers.get('etag')
    return tag ? withTag(request, tag) : request
  },
  fetchDidSucceed: async ({ request, response }: { request: Request, response: Response }) => {
    if (response.status !== 304) return response
    const kept = await caches.match(CITY_URL, { cacheName: OFFLINE.caches.data })
    // Another fetch replaced the copy meanwhile: the whole answer, then.
    if (!kept || kept.headers.get('etag') !== response.headers.get('etag')) return fetch(withTag(request, null))
    // Kept decoded, as markCached says.
    const headers = new Headers(kept.headers)
    headers.set('date', response.headers.get('date') ?? new Date().toUTCString())
    headers.delete('content-length')
    headers.delete('content-encoding')
    return new Response(kept.body, { status: 200, statusText: 'OK', headers })
  },
}

// Station data: live when the network answers in time, else the saved copy, marked as such (an
// answer from the cache while online would pass old data off as current). Every city's answer is
// kept under one address: the newest is the phone's city, and answers offline whatever is asked.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === CITY_URL,
  new NetworkFirst({
    cacheName: OFFLINE.caches.data,
    networkTimeoutSeconds: OFFLINE.networkTimeoutSeconds,
    plugins: [
      revalidatesKept,
      { cacheKeyWillBeUsed: async () => CITY_URL },
      new CacheableResponsePlugin({ statuses: [200] }),
      honoursNoStore,
      marksCached,
    ],
  }),
)

// Map tiles (images from another origin): kept only as viewed, bounded by count and age.
registerRoute(
  ({ request, url }) => request.destination === 'image' && url.origin !== self.location.origin,
  new CacheFirst({
    cacheName: OFFLINE.caches.tiles,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: OFFLINE.tiles.maxEntries, maxAgeSeconds: OFFLINE.tiles.maxAgeDays * DAY, purgeOnQuotaError: true }),
    ],
  }),
)
