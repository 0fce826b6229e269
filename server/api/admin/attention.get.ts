import { AttentionQuerySchema } from '#shared/schemas/admin'
import type { AttentionList } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<AttentionList> => {
  const staff = await requireStaff(event)
  const query = parseInput(AttentionQuerySchema, getQuery(event))
  if (query.district) assertMayActIn(staff, query.district)
  return attentionList(event, staff, query)
})
