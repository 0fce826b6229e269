import type { Place } from '#shared/types/place'

export default defineEventHandler(async (event): Promise<Place> => {
  const id = getRouterParam(event, 'id') ?? ''
  const place = await findPlace(event, id)
  if (!place) {
    throw createError({ statusCode: 404, statusMessage: 'Station not found', message: '找不到这个站点', data: { code: 'STATION_NOT_FOUND', id } })
  }
  setResponseHeader(event, 'Cache-Control', 'public, max-age=60, stale-while-revalidate=600')
  return place
})
