/// <reference lib="webworker" />
import { CacheableResponsePlugin } from 'workbox-cacheable-response'
import { clientsClaim } from 'workbox-core'
import { ExpirationPlugin } from 'workbox-expiration'
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching'
import { registerRoute } from 'workbox-routing'
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies'
import { OFFLINE } from '../shared/offline-config'

declare const self: ServiceWorkerGlobalScope

const DAY = 86_400

// A new version takes over at once and the page reloads (registerType: autoUpdate): nobody is
// left on an old version.
self.skipWaiting()
clientsClaim()

// The app's JavaScript, CSS, icons and manifest, versioned by the build.
cleanupOutdatedCaches()
precacheAndRoute(self.__WB_MANIFEST)

const DATA_URL = '/api/stations'

// The app shell renders any route on the phone from cached data; fetch both when installing.
self.addEventListener('install', (event) => {
  event.waitUntil(Promise.all([
    caches.open(OFFLINE.caches.pages).then(cache => cache.add(OFFLINE.shellPath)),
    caches.open(OFFLINE.caches.data).then(cache => cache.add(DATA_URL)),
  ]))
})

// Pages arrive with their data inside, so the browser itself rarely asks for /api/stations.
// Keep the cached copy fresh behind the scenes while online: at most every few minutes.
let dataRefreshedAt = 0
function refreshData() {
  if (Date.now() - dataRefreshedAt < OFFLINE.dataRefreshMinutes * 60_000) return
  dataRefreshedAt = Date.now()
  caches.open(OFFLINE.caches.data)
    .then(cache => cache.add(DATA_URL))
    .catch(() => (dataRefreshedAt = 0))
}

// Pages: the network first (fresh data, short timeout on weak signal), else the copy from the
// last visit, else the app shell.
const pages = new NetworkFirst({
  cacheName: OFFLINE.caches.pages,
  networkTimeoutSeconds: OFFLINE.networkTimeoutSeconds,
  plugins: [
    new CacheableResponsePlugin({ statuses: [200] }),
    new ExpirationPlugin({ maxEntries: OFFLINE.pages.maxEntries, maxAgeSeconds: OFFLINE.pages.maxAgeDays * DAY }),
  ],
})
registerRoute(({ request }) => request.mode === 'navigate', async (options) => {
  try {
    const response = await pages.handle(options)
    if (navigator.onLine) refreshData()
    return response
  }
  catch {
    return (await caches.match(OFFLINE.shellPath, { cacheName: OFFLINE.caches.pages })) ?? Response.error()
  }
})

// Station data: answer from the cache at once, refresh it in the background when online.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === DATA_URL,
  new StaleWhileRevalidate({ cacheName: OFFLINE.caches.data, plugins: [new CacheableResponsePlugin({ statuses: [200] })] }),
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
