import { createHash, timingSafeEqual } from 'node:crypto'

const digest = (value: string) => createHash('sha256').update(value).digest()

// Prometheus metrics of this instance (server/utils/ops/metrics.ts): off (404) without
// NUXT_METRICS_TOKEN, else only for `Authorization: Bearer <token>`.
export default defineEventHandler(async (event) => {
  const token = String(useRuntimeConfig().metricsToken ?? '')
  if (!token) throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  const sent = /^Bearer (.+)$/.exec(getRequestHeader(event, 'authorization') ?? '')?.[1] ?? ''
  // Compared as digests: equal lengths for timingSafeEqual, and the time says nothing about the token.
  if (!timingSafeEqual(digest(sent), digest(token))) {
    setResponseHeader(event, 'WWW-Authenticate', 'Bearer')
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized' })
  }
  setResponseHeaders(event, { 'content-type': metricsRegistry.contentType, 'cache-control': 'no-store' })
  return metricsRegistry.metrics()
})
