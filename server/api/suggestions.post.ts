import type { SuggestionReceipt } from '#shared/schemas/suggestion'

export default defineEventHandler(async (event): Promise<SuggestionReceipt> => {
  try {
    const config = useRuntimeConfig().suggestions
    await enforceRateLimit(event, { name: 'suggestions', points: Number(config.rateLimitMax), windowMs: Number(config.rateLimitWindowMs) }, clientKey(event))
    const suggestion = parseSuggestion(await readJsonBody(event, Number(config.maxBodyBytes)))
    const { unverified } = await checkSuggestion(event, suggestion)
    // Only a confirm from a form the server vouched for may count on the public station page.
    const sender = suggestion.kind === 'confirm' && !unverified ? confirmSender(event, suggestion.stationId) : null
    const result = await saveSuggestion(suggestion, { clientHash: await clientHash(event), unverified, confirmSender: sender })
    if (result.outcome === 'conflict') {
      throw apiError(409, 'IDEMPOTENCY_KEY_REUSED', '这个提交编号已用于另一条内容')
    }
    countSuggestion(result.outcome)
    setResponseStatus(event, result.outcome === 'created' ? 201 : 200)
    return result.receipt
  }
  catch (error) {
    // Every refusal, by its code, in the metrics (yizhan_suggestions_refused_total).
    countSuggestionRefused(error)
    throw error
  }
})
