import { OFFLINE } from '#shared/offline-config'

// Keeps useConnection() true: the browser's online/offline events, the mark the service worker puts
// on a page it answered from its cache, and while offline a small health check every few seconds
// (a captive portal answers it, but not with our JSON). Back online, the places are fetched again.
export default defineNuxtPlugin(() => {
  const connection = useConnection()
  const cached = document.querySelector(`meta[name="${OFFLINE.cachedMeta}"]`)
  if (cached) connection.unreachable(cached.getAttribute('content') || null)
  connection.browserOnline.value = navigator.onLine

  let checking = false
  async function check() {
    if (checking || !connection.offline.value) return
    checking = true
    try {
      const response = await fetch('/api/health', { cache: 'no-store' })
      const body = response.ok ? await response.json() as { ok?: boolean } : null
      if (body?.ok !== true) return
      connection.browserOnline.value = true
      connection.reachable()
      await refreshNuxtData('places')
    }
    catch { /* still unreachable */ }
    finally {
      checking = false
    }
  }

  window.addEventListener('offline', () => (connection.browserOnline.value = false))
  window.addEventListener('online', () => {
    connection.browserOnline.value = true
    void check()
  })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void check()
  })
  setInterval(check, OFFLINE.recheckSeconds * 1000)
})
