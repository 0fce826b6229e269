import { AttentionQuerySchema } from '#shared/schemas/admin'
import type { AttentionList } from '#shared/types/admin'

export default defineEventHandler(async (event): Promise<AttentionList> => {
  const staff = await requireStaff(event)
  const { district } = parseInput(AttentionQuerySchema, getQuery(event))
  if (district) assertMayActIn(staff, district)
  return attentionList(event, staff, district)
})
