import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

// Explicit imports only (no Nitro globals). Every label value comes from a fixed set in the code (route
// patterns, methods, error codes, limit and cache names), never from a request, so the number of
// series stays bounded. Each instance counts its own requests (README, "What to watch").

/** What GET /metrics serves. */
export const metricsRegistry = new Registry()

const httpRequests = new Counter({
  name: 'yizhan_http_requests_total',
  help: 'HTTP requests answered, by route pattern, method and status.',
  labelNames: ['route', 'method', 'status'] as const,
  registers: [metricsRegistry],
})

const httpDuration = new Histogram({
  name: 'yizhan_http_request_duration_seconds',
  help: 'Time from a request\'s arrival to the end of its answer, by route pattern and method.',
  labelNames: ['route', 'method'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
})

let inFlight = 0

new Gauge({
  name: 'yizhan_http_requests_in_flight',
  help: 'Requests received and not yet answered.',
  registers: [metricsRegistry],
  collect() {
    this.set(inFlight)
  },
})

const suggestions = new Counter({
  name: 'yizhan_suggestions_total',
  help: 'Suggestions acknowledged: accepted (stored now, 201) or repeated (already stored under that id, 200).',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
})

const suggestionsRefused = new Counter({
  name: 'yizhan_suggestions_refused_total',
  help: 'Suggestions refused, by error code (RATE_LIMITED, TOO_FAST, VALIDATION_FAILED, ...).',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
})

const rateLimited = new Counter({
  name: 'yizhan_rate_limit_refusals_total',
  help: 'Requests refused 429 by a rate limit, by limit.',
  labelNames: ['limit'] as const,
  registers: [metricsRegistry],
})

const signInFailures = new Counter({
  name: 'yizhan_staff_sign_in_failures_total',
  help: 'Staff sign-ins refused for a wrong email or password or a disabled account (401 INVALID_CREDENTIALS).',
  registers: [metricsRegistry],
})

const cacheRebuilds = new Counter({
  name: 'yizhan_cache_rebuilds_total',
  help: 'Rebuilds of this instance\'s cached station data, by cache (stations, confirmations, places, place_index, place_search).',
  labelNames: ['cache'] as const,
  registers: [metricsRegistry],
})

const cacheRebuildDuration = new Histogram({
  name: 'yizhan_cache_rebuild_duration_seconds',
  help: 'Time a rebuild of cached station data took, by cache.',
  labelNames: ['cache'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
})

let processMetrics = false

/** Starts collecting Node's own metrics (CPU, memory, event loop lag, handles, GC), once. */
export function collectProcessMetrics() {
  if (processMetrics) return
  processMetrics = true
  collectDefaultMetrics({ register: metricsRegistry })
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** A request arrived (pair with `observeRequest` when it is answered). */
export function requestStarted() {
  inFlight++
}

/** Requests received and not yet answered. */
export function requestsInFlight(): number {
  return inFlight
}

/** Counts one answered request; `route` is a pattern such as `/api/stations/:id`, never a path. */
export function observeRequest(route: string, method: string, status: number, seconds: number) {
  inFlight--
  const knownMethod = METHODS.has(method) ? method : 'OTHER'
  httpRequests.inc({ route, method: knownMethod, status: String(status) })
  httpDuration.observe({ route, method: knownMethod }, seconds)
}

/** Counts an acknowledged suggestion. */
export function countSuggestion(outcome: 'created' | 'repeated') {
  suggestions.inc({ outcome: outcome === 'created' ? 'accepted' : 'repeated' })
}

/** Counts a refused suggestion by its error's `data.code` (INTERNAL_ERROR for a failure without one). */
export function countSuggestionRefused(error: unknown) {
  const data = (error as { data?: { code?: unknown } } | null)?.data
  suggestionsRefused.inc({ code: typeof data?.code === 'string' ? data.code : 'INTERNAL_ERROR' })
}

/** Counts a 429 of the named limit. */
export function countRateLimited(limit: string) {
  rateLimited.inc({ limit })
}

/** Counts a refused staff sign-in. */
export function countSignInFailure() {
  signInFailures.inc()
}

/** Runs `build`, counting it as a rebuild of `cache` and timing it (sync or async). */
export function measureRebuild<T>(cache: string, build: () => T): T {
  cacheRebuilds.inc({ cache })
  const end = cacheRebuildDuration.startTimer({ cache })
  const result = build()
  if (result instanceof Promise) return result.finally(() => end()) as T
  end()
  return result
}
