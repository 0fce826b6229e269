import { getRequestHeader, type H3Event } from 'h3'

/**
 * If-None-Match names `etag`: the client has what the answer would send. Weak comparison, as RFC
 * 9110 asks for If-None-Match (`W/"x"` and `"x"` match).
 */
export function hasCurrent(event: H3Event, etag: string): boolean {
  const header = getRequestHeader(event, 'if-none-match')
  if (!header) return false
  if (header.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  return header.split(',').some(tag => tag.trim().replace(/^W\//, '') === opaque)
}
