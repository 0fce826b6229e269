import messages from '../../i18n/locales/zh-CN.json'
import { regionView } from '../../shared/utils/region'
import { currentRegion } from '../regions/region'

// The web manifest names the region the app serves (NUXT_PUBLIC_REGION), so it is served from the
// configuration at run time, not written into the build (`pwa.manifest: false` in nuxt.config.ts):
// an app installed from a province's deployment is named after the province.
const ICONS = [
  { src: '/pwa-64x64.png', sizes: '64x64', type: 'image/png' },
  { src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' },
  { src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png' },
  { src: '/maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
]

export default defineEventHandler((event) => {
  const { regionName } = useRuntimeConfig(event).public
  const region = currentRegion()
  const name = regionView(region.code, String(regionName || region.name)).name
  setResponseHeader(event, 'Content-Type', 'application/manifest+json; charset=utf-8')
  setResponseHeader(event, 'Cache-Control', 'public, max-age=3600')
  return {
    name: `${messages.app.name} · ${messages.app.tagline.replace('{region}', name)}`,
    short_name: messages.app.name,
    description: messages.app.description.replace('{region}', name),
    lang: 'zh-CN',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    id: '/',
    display: 'standalone',
    orientation: 'portrait',
    theme_color: '#b71c1c',
    background_color: '#ffffff',
    categories: ['navigation', 'utilities'],
    icons: ICONS,
  }
})
