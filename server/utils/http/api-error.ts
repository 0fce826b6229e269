import { createError, type H3Error } from 'h3'

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 503: 'Service Unavailable',
}

/**
 * An API error with a stable machine-readable `code` (in `data`) the client explains in its own
 * words, and a Chinese `message` for people reading the raw answer.
 */
export function apiError(statusCode: number, code: string, message: string, extra: Record<string, unknown> = {}): H3Error {
  return createError({ statusCode, statusMessage: STATUS_TEXT[statusCode], message, data: { code, ...extra } })
}
