import type { PlacesResponse } from '#shared/types/place'

/** All places from the API (server-rendered with the page, then reused on the client). */
export function usePlaces() {
  return useFetch<PlacesResponse>('/api/stations', { key: 'places' })
}
