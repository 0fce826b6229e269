import { regionView, setActiveRegion } from '#shared/utils/region'

// The forms check a position against the region's box before sending (the server checks again and
// resolves district names; the browser has no division data).
export default defineNuxtPlugin(() => {
  const { region, regionName } = useRuntimeConfig().public
  const code = String(region)
  const view = regionView(code, String(regionName || code))
  setActiveRegion({ code, name: view.name, bounds: view.bounds })
})
