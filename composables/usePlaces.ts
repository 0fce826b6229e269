import type { CityPlaces } from '#shared/types/place'
import type { LatLng } from '#shared/utils/geo'

/**
 * The places of the city around a point (while none is known, the city of the first of `districts`
 * that has places, else the configured centre's: a shared link's district may lie in another city),
 * from `/api/places/city`, loaded in the browser once the page is up and again when the point moves
 * (to about a kilometre). Never carried in a server-rendered page; offline, the service worker answers
 * with the last city it kept.
 */
export function usePlaces(point: Ref<LatLng | null | undefined>, districts: Ref<readonly string[]>) {
  const { hooks } = useConnection()
  const near = computed(() => cityPoint(point.value))
  const district = computed(() => (near.value ? undefined : districts.value.join(',') || undefined))
  return useFetch<CityPlaces>('/api/places/city', { key: 'places', query: { near, district }, server: false, lazy: true, ...hooks })
}
