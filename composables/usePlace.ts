import type { CityPlaces, Place } from '#shared/types/place'

/**
 * One place. Opening it from the map or list needs no request (the city's places are loaded); a
 * server-rendered station page carries just this place; offline, it comes from the city's places
 * the service worker keeps.
 */
export async function usePlace(id: string) {
  const places = useNuxtData<CityPlaces>('places')
  const { hooks } = useConnection()
  const { data, error } = await useAsyncData(`place:${id}`, async () => {
    const known = places.data.value?.places.find(place => place.id === id)
    if (known) return known
    try {
      return await $fetch<Place>(`/api/stations/${encodeURIComponent(id)}`, hooks)
    }
    catch (failure) {
      if ((failure as { statusCode?: number }).statusCode === 404) return null
      const city = await $fetch<CityPlaces>('/api/places/city', hooks)
      return city.places.find(place => place.id === id) ?? null
    }
  })
  if (!data.value) {
    throw createError({ statusCode: error.value ? 503 : 404, message: error.value ? 'Station data could not be loaded' : 'No such station', fatal: true })
  }
  return computed(() => data.value!)
}
