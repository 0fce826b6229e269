import type { H3Event } from 'h3'
import type { PlacesPage } from '#shared/types/place'
import type { LatLng } from '#shared/utils/geo'

/** A list page shows whether a place is open now and when that changes: two days of hours are enough. */
const PAGE_SCHEDULE_MS = 2 * 86_400_000

/**
 * The first places of the filtered list of the city around `near` (the configured centre without
 * it): nearest `near` first when given, else in the list's order (listPlaces keeps them in it), with
 * the counts of the city's whole list. The same filters the browser applies (shared/utils/filters.ts).
 */
export async function placesPage(event: H3Event, query: Record<string, string | string[] | undefined>, near: LatLng | undefined, now = new Date()): Promise<PlacesPage> {
  const state = parseFilterQuery(query)
  const city = await cityAround(event, near ?? await defaultPoint(event, now, state.districts), now)
  let matching = city.places.filter(place => matchesFilters(place, state, now))
  if (near) {
    matching = matching.map(place => ({ place, distance: distanceMeters(near, place.location) }))
      .sort((a, b) => a.distance - b.distance).map(({ place }) => place)
  }
  const from = now.getTime()
  return {
    generatedAt: city.builtAt,
    city: city.code,
    places: matching.slice(0, listLimit(query.limit)).map(place => ({ ...place, schedule: scheduleWindow(place.schedule, from, from + PAGE_SCHEDULE_MS) })),
    matching: matching.length,
    total: city.places.length,
    samples: matching.filter(place => place.sample).length,
  }
}
