/**
 * One place, taken from the same `/api/stations` answer the map uses: opening a station from the
 * map needs no request, and with that answer cached a station page also opens offline.
 */
export async function usePlace(id: string) {
  const { data, error } = await usePlaces()
  const place = computed(() => data.value?.places.find(p => p.id === id))
  if (!place.value) {
    throw createError({ statusCode: error.value ? 503 : 404, message: error.value ? '站点数据加载失败，请联网后重试' : '找不到这个站点', fatal: true })
  }
  return computed(() => place.value!)
}
