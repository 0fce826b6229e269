import type { H3Event } from 'h3'
import { SuggestionSchema, type Suggestion } from '#shared/schemas/suggestion'

/** Validates a body against the one suggestion schema: 400 with each bad field named. */
export function parseSuggestion(body: unknown): Suggestion {
  return parseInput(SuggestionSchema, body)
}

/** The checks a schema cannot make: honeypot, minimum fill time, and that the station exists. */
export async function checkSuggestion(event: H3Event, suggestion: Suggestion) {
  const { minFillMs } = useRuntimeConfig().suggestions
  if (suggestion.website) {
    throw apiError(400, 'SPAM_SUSPECTED', '提交被拒绝')
  }
  // One tap ("still here") needs no reading time; forms with text do.
  if (suggestion.kind !== 'confirm' && (suggestion.fillMs ?? 0) < Number(minFillMs)) {
    throw apiError(400, 'TOO_FAST', '提交太快了，请确认内容后再提交', { minFillMs: Number(minFillMs) })
  }
  if ('stationId' in suggestion && !(await findStation(event, suggestion.stationId))) {
    throw apiError(400, 'UNKNOWN_STATION', '找不到这个站点', { issues: [{ path: 'stationId', code: 'unknown_station', message: '找不到这个站点' }] })
  }
}
