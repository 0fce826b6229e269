import { NearestQuerySchema } from '#shared/schemas/places'
import { nearest } from '../../spatial/place-index'

// The nearest places to a point, with the map's filters: nearest first by great-circle distance.
export default defineEventHandler(async (event) => {
  const raw = getQuery(event) as Record<string, string | string[] | undefined>
  const { lat, lng, limit } = parseInput(NearestQuerySchema, raw)
  const filters = parseFilterQuery(raw)
  const now = new Date()
  const found = nearest(await placeIndex(event, now), { lat, lng }, limit, place => matchesFilters(place, filters, now))
  setResponseHeader(event, 'Cache-Control', PUBLIC_DATA_CACHE_CONTROL)
  return {
    places: found.map(place => ({
      id: place.id, name: place.name, kind: place.kind, district: place.district, districtName: place.districtName, status: place.status,
      location: { lat: place.location.lat, lng: place.location.lng }, distance: place.distance,
    })),
  }
})
