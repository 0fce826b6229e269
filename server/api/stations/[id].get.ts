import type { Place } from '#shared/types/place'

export default defineEventHandler(async (event): Promise<Place> => {
  const id = getRouterParam(event, 'id') ?? ''
  const place = await findPlace(event, id)
  if (!place) {
    throw apiError(404, 'STATION_NOT_FOUND', '找不到这个站点', { id })
  }
  setResponseHeader(event, 'Cache-Control', PUBLIC_DATA_CACHE_CONTROL)
  return place
})
