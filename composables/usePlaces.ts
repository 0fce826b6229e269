import type { PlacesResponse } from '#shared/types/place'

/**
 * Every place, from `/api/stations`, loaded in the browser once the page is up (the service worker
 * answers from its cache offline), never carried in a server-rendered page.
 */
export function usePlaces() {
  const { hooks } = useConnection()
  return useFetch<PlacesResponse>('/api/stations', { key: 'places', server: false, lazy: true, ...hooks })
}
