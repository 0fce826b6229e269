import type { PlacesFound } from '#shared/types/place'
import type { FilterState } from '#shared/utils/filters'

/** Waits for a pause in typing before asking the server. */
const PAUSE_MS = 400

/**
 * The places that match a search beyond what the phone holds (`/api/places/search`, first page): the
 * phone searches its own city, and the neighbours it got with it from the same `near`, itself.
 * Nothing is asked without search words, offline, or on the server.
 */
export function usePlaceSearch(filters: Ref<FilterState>, city: Ref<string | undefined>, near: Ref<string | undefined>) {
  const { hooks } = useConnection()
  const query = ref<Record<string, string | string[]> | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  watch([() => toFilterQuery(filters.value), city], ([filterQuery, code]) => {
    clearTimeout(timer)
    if (!filterQuery.q || !code) {
      query.value = null
      return
    }
    timer = setTimeout(() => (query.value = { ...filterQuery, notCity: code, ...(near.value && { near: near.value }) }), PAUSE_MS)
  }, { immediate: true })
  const found = ref<PlacesFound | null>(null)
  let controller: AbortController | undefined
  watch(query, async (next) => {
    // An older search still on its way must not answer for this one.
    controller?.abort()
    found.value = null
    if (!next) return
    controller = new AbortController()
    try {
      found.value = await $fetch<PlacesFound>('/api/places/search', { ...hooks, query: next, signal: controller.signal })
    }
    catch {
      // Cancelled, or the city's own results stay; the others come with the next search.
    }
  })
  onBeforeUnmount(() => {
    clearTimeout(timer)
    controller?.abort()
  })
  return found
}
