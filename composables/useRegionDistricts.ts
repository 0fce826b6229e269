import type { District } from '#shared/utils/vocabulary'

interface RegionDistrict {
  code: District
  name: string
}

/** The names of the region's districts by code, once useRegionDistricts has loaded them (useLabels reads it). */
export const useDistrictNames = () => useState<Record<string, string>>('region-district-names', () => ({}))

/**
 * The region's districts (codes with their Chinese names) for the filters and the workspace's forms,
 * or with `city` only that city's (the phone's filter: a country has 3,000): the browser has no
 * division data, so they come from `GET /api/region` (one request per city, shared by key). Await it
 * where the server renders the list (the filter form works without JavaScript).
 */
export function useRegionDistricts(city?: Ref<string | undefined>) {
  const names = useDistrictNames()
  const request = useFetch('/api/region', {
    key: city ? 'region-districts-of-city' : 'region-districts',
    query: city ? { city } : undefined,
    transform: region => region.districts,
    default: (): RegionDistrict[] => [],
  })
  watch(request.data, (list) => {
    if (list.length) names.value = { ...names.value, ...Object.fromEntries(list.map(d => [d.code, d.name])) }
  }, { immediate: true })
  return request
}
