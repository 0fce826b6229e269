import type { PlacesResponse } from '#shared/types/place'

export default defineEventHandler(async (event): Promise<PlacesResponse> => {
  const now = new Date()
  setResponseHeader(event, 'Cache-Control', 'public, max-age=60, stale-while-revalidate=600')
  return { generatedAt: now.toISOString(), places: await listPlaces(event, now) }
})
