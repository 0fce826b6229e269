import type { H3Event } from 'h3'
import type { StaffRole } from '#shared/schemas/admin'
import type { StaffMember } from '#shared/types/admin'
import type { District } from '#shared/utils/vocabulary'

export interface StaffRequirement {
  /** Only this role may act ('admin': account management). */
  role?: StaffRole
  /** The district of what is acted on; null: none known (then only staff for every district may act). */
  district?: District | null
}

/** True when a staff member may act on something in `district`: admins and unrestricted editors anywhere. */
export function mayActIn(staff: Pick<StaffMember, 'role' | 'district'>, district: District | null): boolean {
  return staff.role === 'admin' || staff.district === null || staff.district === district
}

/** 403 FORBIDDEN unless the staff member may act in `district`. */
export function assertMayActIn(staff: StaffMember, district: District | null) {
  if (!mayActIn(staff, district)) throw apiError(403, 'FORBIDDEN', '你的账号不能处理这个区县的站点', { district })
}

/**
 * The signed-in staff member, or 401 UNAUTHENTICATED (no valid session, disabled account) and
 * 403 FORBIDDEN (role or district may not act). Checks the database on every call.
 */
export async function requireStaff(event: H3Event, requirement: StaffRequirement = {}): Promise<StaffMember> {
  assertAuthConfigured()
  const staff = await currentStaff(event)
  if (!staff) throw apiError(401, 'UNAUTHENTICATED', '请先登录')
  if (requirement.role === 'admin' && staff.role !== 'admin') throw apiError(403, 'FORBIDDEN', '只有管理员可以这样做')
  if (requirement.district !== undefined) assertMayActIn(staff, requirement.district)
  return staff
}
