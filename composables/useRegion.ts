import { regionView } from '#shared/utils/region'

/**
 * The region the app serves (NUXT_PUBLIC_REGION) and the words headings take from it: its short name,
 * the union and the hotline (runtime config), in the current language. Synchronous: no request.
 */
export function useRegion() {
  const config = useRuntimeConfig().public
  const { current } = useLanguage()
  const code = String(config.region)
  const view = regionView(code, String(config.regionName || code))
  const english = computed(() => current.value === 'en')
  /** Parameters for the i18n messages that name the region, the union or the hotline. */
  const words = computed(() => ({
    region: english.value ? (config.regionNameEn || view.nameEn) : view.name,
    union: english.value ? config.union.nameEn : config.union.name,
    number: config.hotline.number,
    dial: config.hotline.dial,
    area: english.value ? config.hotline.areaEn : config.hotline.area,
  }))
  return { code, view, words, hotline: config.hotline }
}
