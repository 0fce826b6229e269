import { ViewportQuerySchema } from '#shared/schemas/places'
import type { Place, PlacesView } from '#shared/types/place'
import { viewport } from '../../spatial/place-index'

// A map view: the matching places inside the box, alone or grouped in clusters for the zoom level.
// `total` is every matching place inside the box: the sum of the cluster counts plus the single places.
export default defineEventHandler(async (event): Promise<PlacesView> => {
  const raw = getQuery(event) as Record<string, string | string[] | undefined>
  const { bbox, zoom } = parseInput(ViewportQuerySchema, raw)
  const filters = parseFilterQuery(raw)
  const now = new Date()
  // Far-out views read cells summed once (server/spatial/place-index.ts) when every place counts, or
  // the places of some kinds only (the common "rest stations only"); other filters ask of each place.
  const kindsOnly = filters.kinds.length > 0 && !isFiltered({ ...filters, kinds: [] })
  const keep = isFiltered(filters) && !kindsOnly ? (place: Place) => matchesFilters(place, filters, now) : undefined
  const groups = kindsOnly ? { of: (place: Place) => place.kind, values: filters.kinds } : undefined
  const view = viewport(await placeIndex(event, now), bbox, zoom, keep, undefined, groups)
  setResponseHeader(event, 'Cache-Control', PUBLIC_DATA_CACHE_CONTROL)
  return {
    total: view.total,
    clusters: view.clusters,
    places: view.items.map(place => ({
      id: place.id, name: place.name, kind: place.kind, district: place.district, districtName: place.districtName, status: place.status, sample: place.sample,
      location: { lat: place.location.lat, lng: place.location.lng },
    })),
  }
})
