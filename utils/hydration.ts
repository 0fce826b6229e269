import type { Component, HydrationStrategy } from 'vue'
import { defineAsyncComponent, hydrateOnInteraction } from 'vue'

/**
 * A strategy that hydrates on the first of `trigger` (which returns its own stop) or a touch or focus
 * of the component. A pointerdown or focus comes before the click, so the click itself reaches the
 * hydrated component: a tap is never lost, and a link is followed by the router, not reloaded.
 */
function whenOrTouched(trigger: (hydrate: () => void, forEachElement: Parameters<HydrationStrategy>[1]) => () => void): HydrationStrategy {
  return (hydrate, forEachElement) => {
    let done = false
    const once = () => {
      if (done) return
      done = true
      stop()
      hydrate()
    }
    const stopTrigger = trigger(once, forEachElement)
    const stopTouch = hydrateOnInteraction(['pointerdown', 'focusin'])(once, forEachElement)
    function stop() {
      stopTrigger()
      stopTouch?.()
    }
    return stop
  }
}

/**
 * Hydrates a server-rendered component in a task of its own once the page is idle, or at once when
 * it is touched or focused first (issue 13: twenty cards hydrated with the page were one long task on
 * a phone).
 */
// Not Vue's hydrateOnIdle: it calls requestIdleCallback, which Safari lacks.
export const hydrateWhenIdleOrTouched = whenOrTouched(once => whenIdle(once))

/**
 * Hydrates a server-rendered component once it comes within 200 px of the screen, or at once when it
 * is touched or focused first: a card further down the list is hydrated only if the rider scrolls to
 * it, and never while the page loads. Not Vue's hydrateOnVisible: it measures each element at once,
 * which made the browser lay out the whole page in the middle of hydration (a task of 200-260 ms with
 * Lighthouse's trace, twenty cards).
 */
export const hydrateWhenSeenOrTouched = whenOrTouched((once, forEachElement) => {
  const seen = new IntersectionObserver(entries => entries.some(entry => entry.isIntersecting) && once(), { rootMargin: '200px' })
  forEachElement(element => seen.observe(element))
  return () => seen.disconnect()
})

/** `component`, hydrated later by `strategy`: for parts the first screen does not need at once. */
export function hydratedLater<T extends Component>(component: T, strategy: HydrationStrategy = hydrateWhenIdleOrTouched) {
  return defineAsyncComponent({ loader: async () => component, hydrate: strategy })
}
