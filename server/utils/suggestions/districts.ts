import type { H3Event } from 'h3'

/**
 * Records the district of every station as it stands (content files with live edits; a retired
 * station keeps its last one) and moves its suggestions with it; how many suggestions changed. Runs
 * at each server's first request (server/plugins/suggestion-districts.ts): after migration 0007 it
 * fills the district of every station suggestion, after a release that moves a station it moves its
 * suggestions. Staff's edits move them as they happen (applyStationEdit).
 *
 * Why follow the station instead of keeping the district it had when the suggestion was sent: the
 * district says who reviews it. A pending correction about a station moved to 灵石县 is for 灵石县's
 * editor, and the queue must show it to the people the review check lets act on it (the same column).
 */
export async function syncSuggestionDistricts(event: H3Event): Promise<number> {
  const [live, retired] = await Promise.all([listStations(event), retiredStations(event)])
  const stations = [...live, ...retired.values()]
  rememberPlaceDistricts(stations)
  const districts = new Map(stations.map(station => [station.id, station.district]))
  return useStores().suggestions.setStationDistricts(districts)
}
