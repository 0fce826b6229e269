/**
 * While the page hydrates, waits for the next task: a phone's main thread then hydrates in several
 * short tasks instead of one long one, and can paint or answer a tap in between (Total Blocking
 * Time). Any other time it does not wait. Call it in a setup, before its first `await` returns.
 */
export function useHydrationPause(): Promise<void> | undefined {
  if (import.meta.client && useNuxtApp().isHydrating) return new Promise(resolve => setTimeout(resolve, 0))
}
