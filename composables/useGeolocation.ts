import type { LatLng } from '#shared/utils/geo'

export type GeolocationStatus = 'idle' | 'locating' | 'located' | 'denied' | 'unavailable' | 'timeout' | 'unsupported'

const MESSAGES: Record<GeolocationStatus, string> = {
  idle: '',
  locating: '正在定位…',
  located: '',
  denied: '没有定位权限：请在浏览器或系统设置里允许本网站使用位置，或在下方列表按区县查找。',
  unavailable: '暂时无法确定你的位置（信号弱或未开启定位）。下方列表仍可使用。',
  timeout: '定位超时，请到开阔处再试一次。下方列表仍可使用。',
  unsupported: '这个浏览器不支持定位（或页面不是通过 https 打开）。下方列表仍可使用。',
}

/** The person's position (WGS-84, as browsers report it), asked for only when they tap "near me". */
export function useGeolocation() {
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

  return { position, status, message: computed(() => MESSAGES[status.value]), locate }
}
