import type { OpenState } from '#shared/utils/open-state'
import type { Translate, UiText } from '#shared/utils/locale'
import type { District, Status } from '#shared/utils/vocabulary'

/**
 * The interface's words for the values shared/ computes (distances, times, opening hours, badges,
 * districts), in the current language. Shared helpers take a translator rather than vue-i18n.
 */
export function useLabels() {
  const { t: vueT, te } = useI18n()
  const districtNames = useDistrictNames()
  const { current } = useLanguage()
  const t: Translate = (key, params) => vueT(key, params ?? {})
  const text = (): UiText => ({ t, locale: current.value })
  return {
    distance: (meters: number) => formatDistance(meters, current.value),
    minutes: (minutes: number) => formatMinutes(minutes, current.value),
    hours: (hours: string) => hoursLabel(hours, t),
    openState: (open: OpenState, now: Date, status: Status) => openStateLabel(open, now, status, text()),
    /** A district's name: i18n's where it has one (English names of some), else the given or loaded Chinese name. */
    district: (code: District, name?: string) => (te(`district.${code}`) ? t(`district.${code}`) : name ?? districtNames.value[code] ?? code),
    list: (items: string[]) => items.join(t('app.listSeparator')),
  }
}
