import { OFFLINE } from '#shared/offline-config'

interface Connection {
  /** The last evidence says the server cannot be reached. */
  unreachable: boolean
  /** When what is on screen was fetched, if it came from the service worker's cache (an HTTP date). */
  savedAt: string | null
}

/**
 * Whether what is on screen is live. `navigator.onLine` alone is not enough: on one bar of signal,
 * behind a captive portal (and in Chromium after a reload under offline emulation) it says "online"
 * while every request fails. So the app also takes the evidence of its own requests: a page or data
 * the service worker answered from its cache (it marks them, service-worker/sw.ts) or a request that
 * failed makes it offline; a live answer, or the health check plugins/connection.client.ts runs while
 * offline, makes it online again.
 */
export function useConnection() {
  const state = useState<Connection>('connection', () => ({ unreachable: false, savedAt: null }))
  const browserOnline = useState('browser-online', () => true)
  const offline = computed(() => state.value.unreachable || !browserOnline.value)

  const unreachable = (savedAt?: string | null) => {
    state.value = { unreachable: true, savedAt: savedAt ?? state.value.savedAt }
  }
  const reachable = () => {
    state.value = { unreachable: false, savedAt: null }
  }

  /** Hooks for `$fetch` and `useFetch` that report what their requests learn (in the browser only). */
  const hooks = {
    onResponse({ response }: { response: Response }) {
      if (!import.meta.client) return
      const savedAt = response.headers.get(OFFLINE.cachedHeader)
      if (savedAt !== null) unreachable(savedAt || null)
      else if (response.ok) reachable()
    },
    onRequestError({ error }: { error: Error }) {
      // A request the app cancelled itself (a newer one replaced it) says nothing about the network.
      if (import.meta.client && error.name !== 'AbortError') unreachable()
    },
  }

  return { offline, savedAt: computed(() => state.value.savedAt), browserOnline, unreachable, reachable, hooks }
}
