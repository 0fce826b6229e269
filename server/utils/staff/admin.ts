import type { StaffCreate, StaffUpdate } from '#shared/schemas/admin'
import type { StaffMember } from '#shared/types/admin'

const STATUS: Record<StaffAccountErrorCode, number> = { STAFF_EXISTS: 409, STAFF_NOT_FOUND: 404, LAST_ADMIN: 409 }

async function asApiError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  }
  catch (error) {
    if (error instanceof StaffAccountError) throw apiError(STATUS[error.code], error.code, error.message)
    throw error
  }
}

/** Creates a staff account on behalf of an admin (409 STAFF_EXISTS). */
export function createStaff(admin: StaffMember, input: StaffCreate): Promise<StaffMember> {
  return asApiError(createStaffAccount(useStores(), input, admin.id))
}

/** Changes a staff account on behalf of an admin (404 STAFF_NOT_FOUND, 409 LAST_ADMIN). */
export function updateStaff(admin: StaffMember, id: string, update: StaffUpdate): Promise<StaffMember> {
  return asApiError(updateStaffAccount(useStores(), id, update, admin.id))
}
