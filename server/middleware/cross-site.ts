// Cross-site protection for the staff API besides the SameSite cookie: a state-changing request to
// /api/admin/**, /api/auth/** or /api/_auth/** from another site's page is refused (403 CROSS_SITE).
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export default defineEventHandler((event) => {
  if (!UNSAFE_METHODS.has(event.method) || !isStaffApiPath(event.path)) return
  const config = useRuntimeConfig()
  const allowedOrigins = new Set(String(config.staff.allowedOrigins ?? '').split(',').map(o => o.trim()).filter(Boolean))
  const crossSite = isCrossSiteRequest({
    origin: getRequestHeader(event, 'origin'),
    secFetchSite: getRequestHeader(event, 'sec-fetch-site'),
    host: requestHost(event),
    allowedOrigins,
  })
  if (crossSite) throw apiError(403, 'CROSS_SITE', '不接受来自其他网站的请求')
})
