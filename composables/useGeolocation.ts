import type { LatLng } from '#shared/utils/geo'

export type GeolocationStatus = 'idle' | 'locating' | 'located' | 'denied' | 'unavailable' | 'timeout' | 'unsupported'

/** What to tell the person in each state (`geo.*` in i18n/locales); nothing when all is well. */
const MESSAGES: Record<GeolocationStatus, string | undefined> = {
  idle: undefined,
  locating: 'geo.locating',
  located: undefined,
  denied: 'geo.denied',
  unavailable: 'geo.unavailable',
  timeout: 'geo.timeout',
  unsupported: 'geo.unsupported',
}

/** The person's position (WGS-84, as browsers report it), asked for only when they tap "near me". */
export function useGeolocation() {
  const { t } = useI18n()
  const position = useState<(LatLng & { accuracy: number }) | null>('position', () => null)
  const status = useState<GeolocationStatus>('geolocation-status', () => (position.value ? 'located' : 'idle'))

  function locate() {
    if (!import.meta.client) return
    if (!('geolocation' in navigator) || !window.isSecureContext) {
      status.value = 'unsupported'
      return
    }
    status.value = 'locating'
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        position.value = { lat: coords.latitude, lng: coords.longitude, accuracy: coords.accuracy }
        status.value = 'located'
      },
      (error) => {
        status.value = error.code === error.PERMISSION_DENIED ? 'denied' : error.code === error.TIMEOUT ? 'timeout' : 'unavailable'
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    )
  }

  const message = computed(() => {
    const key = MESSAGES[status.value]
    return key ? t(key) : ''
  })
  return { position, status, message, locate }
}
