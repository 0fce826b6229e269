import type { PlacesResponse } from '#shared/types/place'

// The places travel as JSON serialised once per change (placesJson), not once per request.
export default defineEventHandler(async (event): Promise<PlacesResponse> => {
  const now = new Date()
  const places = await placesJson(event, now)
  setResponseHeaders(event, { 'Cache-Control': PUBLIC_DATA_CACHE_CONTROL, 'Content-Type': 'application/json; charset=utf-8' })
  // The same bytes JSON.stringify(answer) would give, without stringifying every place again.
  return `{"generatedAt":${JSON.stringify(now.toISOString())},"places":${places}}` as unknown as PlacesResponse
})
