import { SuggestionQuerySchema } from '#shared/schemas/admin'
import type { ReviewQueuePage } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<ReviewQueuePage> => {
  const staff = await requireStaff(event)
  const query = parseInput(SuggestionQuerySchema, getQuery(event))
  if (query.district) assertMayActIn(staff, query.district)
  return listReviewQueue(event, staff, query)
})
