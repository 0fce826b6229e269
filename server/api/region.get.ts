import { prefectureOf } from '../regions/divisions'
import { currentRegion } from '../regions/region'

// The region the app serves, for the filters and forms: its districts with their names (the
// browser has no division data), its box and start view. With `city` (a prefecture's code), only
// that city's districts: a country has 3,000 of them, too many for a phone's filter.
export default defineEventHandler((event) => {
  const { code, name, nameEn, center, zoom, bounds, districts } = currentRegion()
  const city = getQuery(event).city
  const inCity = typeof city === 'string' && /^\d{6}$/.test(city) ? districts.filter(d => prefectureOf(d.code)?.code === city) : districts
  setHeader(event, 'cache-control', PUBLIC_DATA_CACHE_CONTROL)
  return { code, name, nameEn, center, zoom, bounds, districts: inCity }
})
