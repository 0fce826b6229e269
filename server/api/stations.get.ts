import type { PlacesResponse } from '#shared/types/place'

export default defineEventHandler(async (event): Promise<PlacesResponse> => {
  const now = new Date()
  setResponseHeader(event, 'Cache-Control', PUBLIC_DATA_CACHE_CONTROL)
  return { generatedAt: now.toISOString(), places: await listPlaces(event, now) }
})
