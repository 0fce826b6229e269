import { ViewportQuerySchema } from '#shared/schemas/places'
import type { PlacesView } from '#shared/types/place'
import { viewport } from '../../spatial/place-index'
import { kindGroups, placeFilter } from '../../spatial/place-filter'

// A map view: the matching places inside the box, alone or grouped in clusters for the zoom level.
// `total` is every matching place inside the box: the sum of the cluster counts plus the single places.
export default defineEventHandler(async (event): Promise<PlacesView> => {
  const raw = getQuery(event) as Record<string, string | string[] | undefined>
  const { bbox, zoom } = parseInput(ViewportQuerySchema, raw)
  const filters = parseFilterQuery(raw)
  const now = new Date()
  // Far-out views read cells summed once (server/spatial/place-index.ts) when every place counts, or
  // the places of some kinds only (the common "rest stations only"). Other filters ask of each place
  // through the index's columns (matchesFilters' answer without reading the places), a search only of
  // the places the search index finds, and up to zoom 6 keep the cells they summed for the next views
  // with the same filter.
  const index = await placeIndex(event, now)
  const kindsOnly = filters.kinds.length > 0 && !isFiltered({ ...filters, kinds: [] })
  const filter = isFiltered(filters) && !kindsOnly ? placeFilter(index.columns, filters, now, index.matches) : undefined
  const groups = kindsOnly ? kindGroups(index.columns, filters.kinds) : undefined
  const view = viewport(index, bbox, zoom, filter, undefined, groups)
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
