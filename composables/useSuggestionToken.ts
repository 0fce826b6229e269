import type { SuggestionToken } from '#shared/schemas/suggestion'

/** Past this age (by the phone's clock) a token is fetched again: the server trusts one for a day. */
const REFRESH_AFTER_MS = 20 * 3_600_000

/**
 * The form token the server measures a suggestion's fill time by (`GET /api/suggestions/token`). It is
 * asked for by the browser, never carried in a page: the service worker may serve a page days later,
 * and its token would then prove nothing. Offline there is none, and the suggestion goes without one
 * (stored, and marked for staff to look at); a form fetches one when the connection returns.
 */
export function useSuggestionToken() {
  let held: (SuggestionToken & { receivedAt: number }) | undefined
  let fetching: Promise<void> | undefined
  let started = false

  function fetchToken(): Promise<void> {
    fetching ??= $fetch<SuggestionToken>('/api/suggestions/token', { timeout: 5000, retry: 0 })
      .then(answer => void (held = { ...answer, receivedAt: Date.now() }))
      .catch(() => undefined)
      .finally(() => (fetching = undefined))
    return fetching
  }

  /** Starts a form: a fresh token now (a form filled again is measured again), and another when back online without one. */
  function start() {
    started = true
    held = undefined
    void fetchToken()
  }

  function onOnline() {
    if (started && !held) void fetchToken()
  }
  onMounted(() => window.addEventListener('online', onOnline))
  onBeforeUnmount(() => window.removeEventListener('online', onOnline))

  /**
   * The token to send, fetched now if none is held and the phone seems online, and how long to
   * wait before sending so the server, counting from when it issued the token, finds the form filled
   * slowly enough (the wait counts from when the answer arrived, which is after the server's clock
   * started). No token: no wait, the server cannot measure anything.
   */
  async function forSending(timed: boolean): Promise<{ token?: string, waitMs: number }> {
    if (held && Date.now() - held.receivedAt > REFRESH_AFTER_MS) held = undefined
    if (!held && navigator.onLine) await (fetching ?? fetchToken())
    if (!held) return { waitMs: 0 }
    return { token: held.token, waitMs: timed ? Math.max(0, held.minFillMs - (Date.now() - held.receivedAt)) : 0 }
  }

  return { start, forSending }
}
