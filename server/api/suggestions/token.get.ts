import type { SuggestionToken } from '#shared/schemas/suggestion'

/**
 * A form token for a suggestion form opening now (issue 11): the server measures the fill time from
 * it. Asked for by the form in the browser, never put in a page, which the service worker may
 * serve days later; and never stored by a cache.
 */
export default defineEventHandler((event): SuggestionToken => {
  setResponseHeader(event, 'cache-control', 'no-store')
  return { token: issueSuggestionToken(), minFillMs: Number(useRuntimeConfig().suggestions.minFillMs) }
})
