import { randomUUID } from 'node:crypto'
import type { H3Event } from 'h3'

/** A request id a proxy may send (nginx's `$request_id`, a UUID): 1 to 64 letters, digits, `.`, `_` or `-`. */
const SANE_REQUEST_ID = /^[\w.-]{1,64}$/

/** The incoming `X-Request-Id` when it is a sane short token, else a new UUID. */
export function requestIdFrom(header: string | undefined): string {
  return header && SANE_REQUEST_ID.test(header) ? header : randomUUID()
}

/**
 * The route pattern that answered (`/api/stations/:id`, `/**` for pages), never the path: bounded
 * labels, and no ids or queries in the log. `(middleware)`: a static file or a middleware's answer.
 */
export function routePattern(event: H3Event): string {
  return event.context.matchedRoute?.path ?? '(middleware)'
}
