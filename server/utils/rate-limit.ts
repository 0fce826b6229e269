import type { H3Event } from 'h3'

interface Window {
  count: number
  resetAt: number
}

const windows = new Map<string, Window>()

/**
 * A fixed-window limit per key (route + client address): past `max` requests in `windowMs`
 * the request is refused with 429 and a `Retry-After` in seconds.
 */
export function enforceRateLimit(event: H3Event, key: string, max: number, windowMs: number, now = Date.now()) {
  if (windows.size > 10_000) {
    for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k)
  }
  let window = windows.get(key)
  if (!window || window.resetAt <= now) {
    window = { count: 0, resetAt: now + windowMs }
    windows.set(key, window)
  }
  window.count++
  if (window.count > max) {
    const retryAfter = Math.max(1, Math.ceil((window.resetAt - now) / 1000))
    setResponseHeader(event, 'Retry-After', retryAfter)
    throw apiError(429, 'RATE_LIMITED', '提交太频繁，请稍后再试', { retryAfter })
  }
}

/** The client's address; `X-Forwarded-For` is trusted only behind a configured proxy. */
export function clientAddress(event: H3Event): string {
  const { trustProxy } = useRuntimeConfig(event).suggestions
  return getRequestIP(event, { xForwardedFor: !!trustProxy }) ?? 'unknown'
}
