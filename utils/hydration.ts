import type { Component, HydrationStrategy } from 'vue'
import { defineAsyncComponent, hydrateOnInteraction } from 'vue'

/**
 * Hydrates a server-rendered component in a task of its own once the page is idle, or at once when
 * it is touched or focused first (issue 13: twenty cards hydrated with the page were one long task on
 * a phone). A pointerdown or focus comes before the click, so the click itself reaches the hydrated
 * component: a tap is never lost, and a link is followed by the router, not reloaded.
 */
export const hydrateWhenIdleOrTouched: HydrationStrategy = (hydrate, forEachElement) => {
  let done = false
  const once = () => {
    if (done) return
    done = true
    stop()
    hydrate()
  }
  // Vue's hydrateOnIdle calls requestIdleCallback, which Safari lacks.
  const idle = window.requestIdleCallback ? window.requestIdleCallback(once, { timeout: 2000 }) : window.setTimeout(once, 1)
  const stopTouch = hydrateOnInteraction(['pointerdown', 'focusin'])(once, forEachElement)
  function stop() {
    if (window.cancelIdleCallback) window.cancelIdleCallback(idle)
    else window.clearTimeout(idle)
    stopTouch?.()
  }
  return stop
}

/** `component`, hydrated by hydrateWhenIdleOrTouched: for parts the first screen does not need at once. */
export function hydratedLater<T extends Component>(component: T) {
  return defineAsyncComponent({ loader: async () => component, hydrate: hydrateWhenIdleOrTouched })
}
