import { parseFilterQuery, toFilterQuery } from '#shared/utils/filters'

/** Keeps the filters store and the URL query in step, both ways, so a filtered view can be shared. */
export function useFilterQuery() {
  const route = useRoute()
  const router = useRouter()
  const filters = useFiltersStore()
  const key = (query: object) => JSON.stringify(query)

  filters.set(parseFilterQuery(route.query))

  watch(() => route.query, (query) => {
    if (key(toFilterQuery(parseFilterQuery(query))) !== key(toFilterQuery(filters.state))) filters.set(parseFilterQuery(query))
  })

  watch(() => filters.state, (state) => {
    const query = toFilterQuery(state)
    if (key(query) !== key(toFilterQuery(parseFilterQuery(route.query)))) router.replace({ query })
  })

  return filters
}
