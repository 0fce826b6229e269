import type { StaffMember } from '#shared/types/admin'

export default defineEventHandler((event): Promise<StaffMember> => requireStaff(event))
