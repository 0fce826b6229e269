import type { SuggestionReceipt } from '#shared/schemas/suggestion'

export default defineEventHandler(async (event): Promise<SuggestionReceipt> => {
  const config = useRuntimeConfig().suggestions
  await enforceRateLimit(event, { name: 'suggestions', points: Number(config.rateLimitMax), windowMs: Number(config.rateLimitWindowMs) }, clientKey(event))
  const suggestion = parseSuggestion(await readJsonBody(event, Number(config.maxBodyBytes)))
  await checkSuggestion(event, suggestion)
  const result = await saveSuggestion(suggestion, await clientHash(event))
  if (result.outcome === 'conflict') {
    throw apiError(409, 'IDEMPOTENCY_KEY_REUSED', '这个提交编号已用于另一条内容')
  }
  setResponseStatus(event, result.outcome === 'created' ? 201 : 200)
  return result.receipt
})
