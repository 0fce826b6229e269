import { ServerResponse } from 'node:http'

// One log line and one count per answered request: its id (the proxy's X-Request-Id when sane, echoed
// back), route pattern, method, status and duration. Nothing of the person: no address, path, query,
// cookie or body.
export default defineNitroPlugin((nitroApp) => {
  if (import.meta.prerender) return
  nitroApp.hooks.hook('request', (event) => {
    const { res } = event.node
    // Nitro's internal requests (server-side $fetch, the error page's render) cross no network.
    if (!(res instanceof ServerResponse)) return
    const started = performance.now()
    requestStarted()
    const requestId = requestIdFrom(getRequestHeader(event, 'x-request-id'))
    event.context.requestId = requestId
    res.setHeader('X-Request-Id', requestId)
    res.once('close', () => {
      const ms = performance.now() - started
      const route = routePattern(event)
      observeRequest(route, event.method, res.statusCode, ms / 1000)
      if (import.meta.dev) return
      // aborted: the client went away (or the connection broke) before the whole answer was sent.
      logger.info({ requestId, method: event.method, route, status: res.statusCode, durationMs: Math.round(ms * 10) / 10, ...(res.writableFinished ? {} : { aborted: true }) }, 'request')
    })
  })
  // A server error says what failed, under the request's id: Nuxt logs some, but not a page that
  // failed to render. The message and stack only (URLs without their queries), never the request.
  nitroApp.hooks.hook('error', (error, { event }) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500
    // An answer the app chose (a 503 with its code, say) is not a failure.
    if (status < 500 || (error as { data?: { code?: unknown } }).data?.code) return
    const cause = (error as { cause?: unknown }).cause
    const failure = cause instanceof Error ? cause : error
    logger.error({ requestId: event?.context.requestId, status, err: { type: failure.name, message: withoutQueries(failure.message), stack: withoutQueries(failure.stack ?? '') } }, 'request failed')
  })
})

declare module 'h3' {
  interface H3EventContext {
    /** This request's id, in its log line and its X-Request-Id header. */
    requestId?: string
  }
}
