import type { CityPlaces } from '#shared/types/place'
import type { LatLng } from '#shared/utils/geo'

/**
 * The places of the city around a point (the configured centre while none is known), from
 * `/api/places/city`, loaded in the browser once the page is up and again when the point moves (to
 * about a kilometre). Never carried in a server-rendered page; offline, the service worker answers
 * with the last city it kept.
 */
export function usePlaces(point: Ref<LatLng | null | undefined>) {
  const { hooks } = useConnection()
  // Rounded: a phone's position moves by metres between taps, the city it is in does not.
  const near = computed(() => (point.value ? `${point.value.lat.toFixed(2)},${point.value.lng.toFixed(2)}` : undefined))
  return useFetch<CityPlaces>('/api/places/city', { key: 'places', query: { near }, server: false, lazy: true, ...hooks })
}
