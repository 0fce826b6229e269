// https://nuxt.com/docs/api/configuration/nuxt-config
import type { NuxtHooks } from '@nuxt/schema'
import { REGION_DEFAULTS } from './shared/regions.config'

/** The built files (scripts and styles) only the staff workspace loads, filled once the client is built. */
const staffOnly = new Set<string>()

/**
 * The files of the client build that only the staff workspace reaches (the pages under /admin and
 * their guard, middleware/staff.ts), by their static and dynamic imports: whatever a public page or
 * the app's entry also reaches stays out of this.
 */
function staffOnlyFiles(manifest: Parameters<NuxtHooks['build:manifest']>[0]): Set<string> {
  const reach = (keys: string[], seen = new Set<string>()) => {
    for (const key of keys) {
      if (seen.has(key) || !manifest[key]) continue
      seen.add(key)
      reach([...manifest[key].imports ?? [], ...manifest[key].dynamicImports ?? []], seen)
    }
    return seen
  }
  const keys = Object.keys(manifest)
  const staff = keys.filter(key => key.startsWith('pages/admin/') || key === 'middleware/staff.ts')
  // The entry imports every page and route guard (until Nuxt's own hook drops the pages): it must not
  // enter the staff's.
  const shared = reach(keys.filter(key => manifest[key]!.isEntry || key.startsWith('pages/')), new Set(staff))
  return new Set([...reach(staff)].filter(key => staff.includes(key) || !shared.has(key)).flatMap(key => [manifest[key]!.file, ...manifest[key]!.css ?? []]))
}

export default defineNuxtConfig({
  modules: ['@nuxt/content', '@pinia/nuxt', '@nuxt/eslint', 'nuxt-security', '@vite-pwa/nuxt', '@nuxtjs/i18n', 'nuxt-auth-utils'],

  // Only .vue files are components; components/map/*.ts are helpers of the map components.
  components: [{ path: '~/components', extensions: ['.vue'] }],

  devtools: { enabled: false },

  app: {
    head: {
      htmlAttrs: { lang: 'zh-CN' },
      // Title and description name the configured region: app.vue sets them at run time.
      meta: [
        { name: 'viewport', content: 'width=device-width, initial-scale=1, viewport-fit=cover' },
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
    },
    /**
     * How many reverse proxies of your own stand in front of the app (NUXT_TRUST_PROXY_HOPS). 0: the
     * connection's peer is the client. N: the client is N entries from the right of X-Forwarded-For,
     * and X-Forwarded-Proto/-Host are believed. One setting for limits, the client hash, the Secure
     * cookie and the cross-site check.
     */
    trustProxyHops: 0,
    /**
     * The secret client hashes are made with (NUXT_CLIENT_HASH_SECRET, at least 32 characters, the same
     * on every instance). A built server refuses to start without it; `nuxt dev` makes a random one.
     */
    clientHashSecret: '',
    /** Days a reviewed suggestion's contact is kept (NUXT_CONTACT_RETENTION_DAYS). */
    contactRetentionDays: 90,
    /** Days a suggestion's client hash is kept (NUXT_CLIENT_HASH_RETENTION_DAYS): bursts look back 24 h. */
    clientHashRetentionDays: 2,
    /**
     * After SIGTERM/SIGINT, how long requests in flight may take to finish before the server closes the
     * database and exits anyway (NUXT_SHUTDOWN_TIMEOUT_MS; handed to Nitro's graceful shutdown).
     */
    shutdownTimeoutMs: 10_000,
    /** Bearer token for GET /metrics (NUXT_METRICS_TOKEN). Empty: /metrics answers 404. */
    metricsToken: '',
    /** The least a JSON log line must be to be written (NUXT_LOG_LEVEL): debug, info, warn, error, fatal. */
    logLevel: 'info',
    // Limits live in Redis with REDIS_URL, else in PostgreSQL when that is the database, else in memory.
    rateLimit: {
      /** Keys the in-memory limiter keeps at most (the least recently used is forgotten first). */
      memoryMaxKeys: 100_000,
      /** Prefix of the limit keys in Redis (NUXT_RATE_LIMIT_REDIS_KEY_PREFIX), to share one Redis. */
      redisKeyPrefix: 'yizhan',
    },
    // Staff sign-in (nuxt-auth-utils): a sealed, HttpOnly cookie. NUXT_SESSION_PASSWORD (at least 32
    // characters) seals it; without one, staff routes answer 503 AUTH_NOT_CONFIGURED.
    session: {
      name: 'yizhan-staff',
      password: '',
      /** Absolute lifetime of a sign-in in seconds (NUXT_SESSION_MAX_AGE): 12 h. */
      maxAge: 43_200,
      cookie: { sameSite: 'lax' as const },
      // The session travels only in its cookie, never in a header.
      sessionHeader: false as const,
    },
    // The staff workspace (NUXT_STAFF_STALE_DAYS etc.).
    staff: {
      /** A sign-in unused this long expires (refreshed on every request). */
      sessionIdleSeconds: 7200,
      /** Stations not verified for this many days are on the attention list. */
      staleDays: 180,
      /** Sign-in attempts per client address, and per email, in one window. */
      loginRateLimitMax: 20,
      loginRateLimitPerEmailMax: 5,
      loginRateLimitWindowMs: 900_000,
      /** More suggestions than this in 24 h for one station, or from one client, is a burst. */
      burstPerStation: 10,
      burstPerClient: 10,
      /** Review queue page size. */
      pageSize: 20,
      /** Other origins (comma-separated) allowed to call staff routes, e.g. an admin UI on another host. */
      allowedOrigins: '',
    },
    public: {
      appName: '驿站地图',
      /**
       * The region the app serves (NUXT_PUBLIC_REGION): a GB/T 2260 code, 140700 a prefecture (晋中),
       * 140000 a province, 100000 the whole country. It sets the districts offered, the box places must
       * lie in, the map's start and the headings (server/regions/region.ts, shared/regions.config.ts).
       */
      region: REGION_DEFAULTS.region,
      /**
       * The region's short name in headings (NUXT_PUBLIC_REGION_NAME, NUXT_PUBLIC_REGION_NAME_EN), for a
       * region shared/regions.config.ts does not name; empty: that file's name, else the region code.
       */
      regionName: '',
      regionNameEn: '',
      /** The union that runs the map, as the headings and the disclaimer name it (NUXT_PUBLIC_UNION_NAME, NUXT_PUBLIC_UNION_NAME_EN). */
      union: { ...REGION_DEFAULTS.union },
      /**
       * The workers' hotline shown in the footer and on posters (NUXT_PUBLIC_HOTLINE_NUMBER, _DIAL,
       * _AREA, _AREA_EN): the short number, what a phone dials, and where that dialling applies.
       */
      hotline: { ...REGION_DEFAULTS.hotline },
      /**
       * The site's public origin for absolute links (poster QR codes, open data `url`), e.g.
       * https://yizhan.example.cn (NUXT_PUBLIC_SITE_URL). Empty: the origin of the request.
       */
      siteUrl: '',
      /** Source id sent to map apps in navigation links. */
      navSource: 'yizhanditu',
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
    // The staff workspace renders in the browser: its data needs a session, and nothing of it is public.
    '/admin/**': { ssr: false },
    // The route reads at most 16 KB itself and answers 413 with its error code; nuxt-security's
    // generic 2 MB limiter would answer first without one.
    '/api/suggestions': { security: { requestSizeLimiter: false } },
    // Staff answers hold contact details and sessions: never cached, never shared with other origins
    // (nuxt-security's CORS handler otherwise answers every route with Access-Control-Allow-Origin: *).
    // The import reads at most 5 MB itself and says so in Chinese (413 PAYLOAD_TOO_LARGE).
    '/api/admin/imports': { security: { requestSizeLimiter: false } },
    '/api/admin/**': { headers: { 'cache-control': 'no-store' }, security: { corsHandler: false } },
    '/api/auth/**': { headers: { 'cache-control': 'no-store' }, security: { corsHandler: false } },
    // nuxt-auth-utils' own session route.
    '/api/_auth/**': { headers: { 'cache-control': 'no-store' }, security: { corsHandler: false } },
  },

  // Links prefetch their page when touched, not when they scroll into view (on one bar of signal,
  // /suggest and zod were fetched right after load). See also hooks['build:manifest'].
  experimental: {
    defaults: { nuxtLink: { prefetchOn: { visibility: false, interaction: true } } },
  },

  compatibilityDate: '2026-11-01',

  nitro: {
    compressPublicAssets: true,
  },

  // Every component is written with <script setup>: Vue's Options API support is left out of the
  // build (1.6 KB gzip of the first JavaScript of every page, and work in every component's setup).
  vite: {
    vue: { features: { optionsAPI: false } },
  },

  typescript: {
    strict: true,
  },

  // Nothing the first screen does not need is fetched with it: no <link rel="prefetch"> for lazy
  // chunks (the service worker precaches them once the page is up).
  hooks: {
    'build:manifest': (manifest) => {
      for (const chunk of Object.values(manifest)) chunk.prefetch = false
      for (const file of staffOnlyFiles(manifest)) staffOnly.add(`_nuxt/${file}`)
    },
  },

  // The session is fetched by the admin pages that need it, not on every public page.
  auth: {
    loadStrategy: 'none',
  },

  eslint: {
    config: {
      stylistic: true,
    },
  },

  // Simplified Chinese by default, English complete. URLs never change (shared filter links keep
  // working); only the person's own choice, kept in a cookie, changes the language, never the
  // browser's settings (plugins/locale-cookie.ts). Messages are served as JSON, not bundled in JS.
  i18n: {
    strategy: 'no_prefix',
    defaultLocale: 'zh-CN',
    locales: [
      { code: 'zh-CN', language: 'zh-CN', name: '中文', file: 'zh-CN.json' },
      { code: 'en', language: 'en', name: 'English', file: 'en.json' },
    ],
    detectBrowserLanguage: false,
    // No global <i18n-t>/v-t (I18nT is imported where needed), and a small message compiler of our
    // own instead of vue-i18n's (i18n/compile-message.ts, registered in plugins/i18n-setup.ts).
    bundle: { fullInstall: false, dropMessageCompiler: true },
    experimental: {
      // The page's language travels in the HTML (plugins/i18n-payload.server.ts), so a page never
      // depends on the extra request for messages; that request is cached, its URL has a content hash.
      preload: true,
      stripMessagesPayload: true,
      httpCacheDuration: 31_536_000,
    },
  },

  pwa: {
    strategies: 'injectManifest',
    srcDir: 'service-worker',
    filename: 'sw.ts',
    registerType: 'autoUpdate',
    injectManifest: {
      // _nuxt/*.json: the build's own copy of the messages (i18n/bundled.ts).
      globPatterns: ['**/*.{js,css,svg,png,ico,webmanifest}', '_nuxt/*.json'],
      // Not the staff workspace's own code: it never works offline (its pages and data are never
      // kept), and it was 109 of the 370 KB (brotli) every phone downloaded to install the app.
      manifestTransforms: [entries => ({ manifest: entries.filter(entry => !staffOnly.has(entry.url)), warnings: [] })],
    },
    // Served at run time with the configured region's name (server/routes/manifest.webmanifest.get.ts).
    manifest: false,
    client: { installPrompt: true },
    devOptions: { enabled: false },
  },

  security: {
    headers: {
      contentSecurityPolicy: {
        // Nothing from elsewhere unless a directive below says so.
        'default-src': ['\'self\''],
        // Only scripts carrying this response's nonce, and what they load ('strict-dynamic'). No
        // 'unsafe-inline' or https:, which browsers without CSP 3 (old phones) would honour.
        'script-src': ['\'self\'', '\'strict-dynamic\'', '\'nonce-{{nonce}}\''],
        // Vue and Leaflet set style attributes; no style sheets from other hosts.
        'style-src': ['\'self\'', '\'unsafe-inline\''],
        'font-src': ['\'self\'', 'data:'],
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
    // Our own limiter on the routes that need one, with Retry-After (server/utils/http/rate-limit.ts).
    rateLimiter: false,
    // It rejects any JSON containing < or > (Baroshem/nuxt-security#206, #720); text is never rendered as HTML here.
    xssValidator: false,
  },
})
