import { toGcj02 } from './coords'
import type { LatLng } from './geo'

/** A map app to hand off to; its name, in each language, is `navApp.<app>` in i18n/locales. */
export interface NavigationLink {
  app: 'amap' | 'baidu' | 'tencent' | 'apple'
  href: string
}

const round6 = (n: number) => Number(n.toFixed(6))

/**
 * Hand-off links to the phone's map apps, each in the coordinate system it expects:
 * 高德 and 腾讯 get GCJ-02, 百度 gets WGS-84 with `coord_type=wgs84`, Apple Maps WGS-84
 * (it converts inside China itself). `source` names this app to the providers.
 */
export function navigationLinks(to: LatLng & { name: string }, source: string): NavigationLink[] {
  const gcj = toGcj02(to)
  const [gLat, gLng] = [round6(gcj.lat), round6(gcj.lng)]
  const [lat, lng] = [round6(to.lat), round6(to.lng)]
  const amap = new URLSearchParams({ to: `${gLng},${gLat},${to.name}`, mode: 'ride', src: source, coordinate: 'gaode', callnative: '1' })
  const baidu = new URLSearchParams({ origin: '我的位置', destination: `latlng:${lat},${lng}|name:${to.name}`, mode: 'riding', output: 'html', coord_type: 'wgs84', src: source })
  const tencent = new URLSearchParams({ type: 'walk', to: to.name, tocoord: `${gLat},${gLng}`, coord_type: '1', referer: source })
  const apple = new URLSearchParams({ daddr: `${lat},${lng}`, dirflg: 'w', q: to.name })
  return [
    { app: 'amap', href: `https://uri.amap.com/navigation?${amap}` },
    { app: 'baidu', href: `https://api.map.baidu.com/direction?${baidu}` },
    { app: 'tencent', href: `https://apis.map.qq.com/uri/v1/routeplan?${tencent}` },
    { app: 'apple', href: `https://maps.apple.com/?${apple}` },
  ]
}
