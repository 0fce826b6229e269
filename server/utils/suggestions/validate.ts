import type { H3Event } from 'h3'
import { SuggestionSchema, type Suggestion, type UnverifiedReason } from '#shared/schemas/suggestion'

/** Validates a body against the one suggestion schema: 400 with each bad field named. */
export function parseSuggestion(body: unknown): Suggestion {
  return parseInput(SuggestionSchema, body)
}

/**
 * The checks a schema cannot make: honeypot, fill time, and that the station exists. The fill time
 * is measured from the form token the server issued, never from what the client says (`fillMs`).
 * Without a token the server can measure nothing: the suggestion is still taken (an outbox item
 * written offline must not be lost), and its reason for review is returned.
 */
export async function checkSuggestion(event: H3Event, suggestion: Suggestion, now = Date.now()): Promise<{ unverified: UnverifiedReason | null }> {
  const { minFillMs } = useRuntimeConfig().suggestions
  if (suggestion.website) {
    throw apiError(400, 'SPAM_SUSPECTED', '提交被拒绝')
  }
  const token = checkSuggestionToken(suggestion.token, now)
  // One tap ("still here") needs no reading time; forms with text do.
  if (token.valid && suggestion.kind !== 'confirm' && token.ageMs < Number(minFillMs)) {
    throw apiError(400, 'TOO_FAST', '提交太快了，请确认内容后再提交', { minFillMs: Number(minFillMs) })
  }
  if ('stationId' in suggestion && !(await findStation(event, suggestion.stationId))) {
    throw apiError(400, 'UNKNOWN_STATION', '找不到这个站点', { issues: [{ path: 'stationId', code: 'unknown_station', message: '找不到这个站点' }] })
  }
  return { unverified: token.valid ? null : token.reason }
}
