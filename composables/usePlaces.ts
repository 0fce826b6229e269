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
  const near = computed(() => cityPoint(point.value))
  return useFetch<CityPlaces>('/api/places/city', { key: 'places', query: { near }, server: false, lazy: true, ...hooks })
}
