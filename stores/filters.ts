import { defineStore } from 'pinia'
import type { Amenity, District, Kind } from '#shared/utils/vocabulary'
import { EMPTY_FILTERS, type FilterState } from '#shared/utils/filters'

/** What the person chose to see on the map and list. UI state only; the URL query mirrors it. */
export const useFiltersStore = defineStore('filters', () => {
  const q = ref('')
  const kinds = ref<Kind[]>([])
  const amenities = ref<Amenity[]>([])
  const districts = ref<District[]>([])
  const openNow = ref(false)

  const state = computed<FilterState>(() => ({
    q: q.value,
    kinds: kinds.value,
    amenities: amenities.value,
    districts: districts.value,
    openNow: openNow.value,
  }))

  function set(next: FilterState) {
    q.value = next.q
    kinds.value = [...next.kinds]
    amenities.value = [...next.amenities]
    districts.value = [...next.districts]
    openNow.value = next.openNow
  }

  function toggle<T>(list: Ref<T[]>, item: T) {
    list.value = list.value.includes(item) ? list.value.filter(x => x !== item) : [...list.value, item]
  }

  return {
    q, kinds, amenities, districts, openNow, state, set,
    toggleKind: (kind: Kind) => toggle(kinds, kind),
    toggleAmenity: (amenity: Amenity) => toggle(amenities, amenity),
    reset: () => set(EMPTY_FILTERS),
  }
})
