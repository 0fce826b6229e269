// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  modules: ['@nuxt/content', '@pinia/nuxt', '@nuxt/eslint', 'nuxt-security', '@vite-pwa/nuxt'],

  // Only .vue files are components; components/map/*.ts are helpers of the map components.
  components: [{ path: '~/components', extensions: ['.vue'] }],

  devtools: { enabled: false },

  app: {
    head: {
      htmlAttrs: { lang: 'zh-CN' },
      title: '驿站地图 · 晋中户外劳动者爱心驿站',
      meta: [
        { name: 'viewport', content: 'width=device-width, initial-scale=1, viewport-fit=cover' },
        { name: 'description', content: '查找晋中市户外劳动者爱心驿站和工会服务：饮水、热饭、休息、充电，离你最近的一家在哪。' },
        { name: 'theme-color', content: '#b71c1c' },
      ],
      link: [
        { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' },
        { rel: 'manifest', href: '/manifest.webmanifest' },
        { rel: 'apple-touch-icon', href: '/apple-touch-icon-180x180.png' },
      ],
    },
  },

  css: ['~/assets/css/main.css'],

  // Station data is read on the server only: phones never download content's SQLite WASM.
  content: {
    experimental: { sqliteConnector: 'better-sqlite3' },
  },

  runtimeConfig: {
    // Suggestions from the public (NUXT_SUGGESTIONS_RATE_LIMIT_MAX etc.). Riders on one mobile carrier
    // can share an address (CGNAT), so the per-address limit is generous.
    suggestions: {
      maxBodyBytes: 16_384,
      rateLimitMax: 30,
      rateLimitWindowMs: 600_000,
      minFillMs: 3000,
      /** Trust X-Forwarded-For for the client address (only behind your own reverse proxy). */
      trustProxy: false,
    },
    public: {
      appName: '驿站地图',
      /** Source id sent to map apps in navigation links. */
      navSource: 'yizhanditu',
      map: {
        center: { lat: 37.6880, lng: 112.7526 },
        zoom: 13,
      },
      // Override with NUXT_PUBLIC_TILES_URL, NUXT_PUBLIC_TILES_SUBDOMAINS, NUXT_PUBLIC_TILES_ATTRIBUTION,
      // NUXT_PUBLIC_TILES_CRS (wgs84 | gcj02), NUXT_PUBLIC_TILES_LABELS_URL, NUXT_PUBLIC_TILES_MAX_ZOOM.
      tiles: {
        url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
        subdomains: '',
        labelsUrl: '',
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        crs: 'wgs84',
        maxZoom: 19,
        /** Fetch tiles with CORS so they can be cached for offline use (OSM and most hosts allow it). */
        crossOrigin: true,
      },
    },
  },

  // The offline app shell: rendered on the phone, so it fits any route (service-worker/sw.ts).
  routeRules: {
    '/offline-shell': { ssr: false },
  },

  compatibilityDate: '2026-11-01',

  nitro: {
    compressPublicAssets: true,
  },

  typescript: {
    strict: true,
  },

  eslint: {
    config: {
      stylistic: true,
    },
  },

  pwa: {
    strategies: 'injectManifest',
    srcDir: 'service-worker',
    filename: 'sw.ts',
    registerType: 'autoUpdate',
    injectManifest: {
      globPatterns: ['**/*.{js,css,svg,png,ico,webmanifest}'],
    },
    manifest: {
      name: '驿站地图 · 晋中户外劳动者爱心驿站',
      short_name: '驿站地图',
      description: '找到离你最近的爱心驿站：饮水、热饭、休息、充电。晋中市户外劳动者与工会服务地图，离线也能用。',
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
      icons: [
        { src: '/pwa-64x64.png', sizes: '64x64', type: 'image/png' },
        { src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' },
        { src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png' },
        { src: '/maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    client: { installPrompt: true },
    devOptions: { enabled: false },
  },

  security: {
    headers: {
      contentSecurityPolicy: {
        // Tile hosts are added at start-up from runtime config (server/plugins/csp-tiles.ts).
        'img-src': ['\'self\'', 'data:', 'blob:'],
        'connect-src': ['\'self\''],
        'worker-src': ['\'self\''],
        'manifest-src': ['\'self\''],
        // Off so the app also works over plain http on a LAN or localhost; HSTS covers https deployments.
        'upgrade-insecure-requests': false,
      },
      // "Near me" needs the position; nuxt-security's default denies geolocation to every origin.
      permissionsPolicy: { geolocation: ['self'] },
    },
    // Our own limiter on the routes that need one, with Retry-After (server/utils/rate-limit.ts).
    rateLimiter: false,
    // It rejects any JSON containing < or > (Baroshem/nuxt-security#206, #720); text is never rendered as HTML here.
    xssValidator: false,
  },
})
