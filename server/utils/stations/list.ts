import type { H3Event } from 'h3'
import type { PlacesPage } from '#shared/types/place'

/** A list page shows whether a place is open now and when that changes: two days of hours are enough. */
const PAGE_SCHEDULE_MS = 2 * 86_400_000

/**
 * The first places of the filtered list, in the list's order (listPlaces keeps them in it), with the
 * counts of the whole list: the same filters the browser applies (shared/utils/filters.ts).
 */
export async function placesPage(event: H3Event, query: Record<string, string | string[] | undefined>, now = new Date()): Promise<PlacesPage> {
  const state = parseFilterQuery(query)
  const places = await listPlaces(event, now)
  const matching = places.filter(place => matchesFilters(place, state, now))
  const from = now.getTime()
  return {
    generatedAt: now.toISOString(),
    places: matching.slice(0, listLimit(query.limit)).map(place => ({ ...place, schedule: scheduleWindow(place.schedule, from, from + PAGE_SCHEDULE_MS) })),
    matching: matching.length,
    total: places.length,
    samples: matching.filter(place => place.sample).length,
  }
}
