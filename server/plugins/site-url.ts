// Absolute links come only from NUXT_PUBLIC_SITE_URL (server/utils/http/site-origin.ts): say so at start-up when it is unset.
export default defineNitroPlugin(() => {
  if (siteOrigin() || import.meta.dev || import.meta.prerender) return
  logger.warn('[site-url] NUXT_PUBLIC_SITE_URL 未设置：开放数据、海报二维码和分享链接使用相对地址或浏览器当前地址，员工 cookie 没有 __Host- 前缀 (NUXT_PUBLIC_SITE_URL is unset: absolute links fall back to relative ones, never the request\'s Host; the staff cookie is not __Host- prefixed)')
})
