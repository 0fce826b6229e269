/**
 * Runs `callback` when the phone has a moment, and after `timeout` ms at the latest: a phone that is
 * never idle (a slow one, busy drawing or under load) still runs it. Returns what cancels it.
 */
export function whenIdle(callback: () => void, timeout = 2000): () => void {
  // Safari lacks requestIdleCallback.
  if (!window.requestIdleCallback) {
    const timer = window.setTimeout(callback, 1)
    return () => window.clearTimeout(timer)
  }
  const idle = window.requestIdleCallback(callback, { timeout })
  return () => window.cancelIdleCallback(idle)
}
