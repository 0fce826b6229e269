import { ReviewActionSchema } from '#shared/schemas/admin'
import type { ReviewOutcome } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<ReviewOutcome> => {
  const staff = await requireStaff(event)
  const suggestion = await findSuggestionForReview(getRouterParam(event, 'id') ?? '')
  assertMayActIn(staff, suggestion.district)
  const action = parseInput(ReviewActionSchema, await readJsonBody(event, STAFF_BODY_LIMIT))
  return reviewSuggestion(event, staff, suggestion, action)
})
