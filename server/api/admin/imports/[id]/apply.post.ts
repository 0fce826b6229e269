import { ImportApplySchema } from '#shared/schemas/admin'
import type { StationImport } from '#shared/types/admin'

// One batch: every chosen row lands, or none does.
export default defineEventHandler(async (event): Promise<StationImport> => {
  const staff = await requireStaff(event)
  const { lines } = parseInput(ImportApplySchema, await readJsonBody(event, STAFF_BODY_LIMIT * 4))
  return applyImport(event, staff, getRouterParam(event, 'id') ?? '', lines)
})
