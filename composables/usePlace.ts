/**
 * One place, taken from the same `/api/stations` answer the map uses: opening a station from the
 * map needs no request, and with that answer cached a station page also opens offline.
 */
export async function usePlace(id: string) {
  const { data, error } = await usePlaces()
  const place = computed(() => data.value?.places.find(p => p.id === id))
  if (!place.value) {
    throw createError({ statusCode: error.value ? 503 : 404, message: error.value ? 'Station data could not be loaded' : 'No such station', fatal: true })
  }
  return computed(() => place.value!)
}
