import { currentRegion } from '../regions/region'

// The region the app serves, for the filters and forms: its districts with their names (the
// browser has no division data), its box and start view.
export default defineEventHandler((event) => {
  const { code, name, nameEn, center, zoom, bounds, districts } = currentRegion()
  setHeader(event, 'cache-control', PUBLIC_DATA_CACHE_CONTROL)
  return { code, name, nameEn, center, zoom, bounds, districts }
})
