import type { StaffCreate, StaffUpdate } from '../../../shared/schemas/admin'
import type { StaffMember } from '../../../shared/types/admin'
import type { StaffChanges, Stores } from '../../database/stores'
import { dummyStaffPasswordHash, hashStaffPassword, staffPasswordNeedsRehash, verifyStaffPassword } from './password'

// Shared by the staff API and the command line (scripts/staff.ts): one implementation of accounts.

export type StaffAccountErrorCode = 'STAFF_EXISTS' | 'STAFF_NOT_FOUND' | 'LAST_ADMIN'

/** A change to an account that cannot be made; `code` is the API's error code. */
export class StaffAccountError extends Error {
  constructor(readonly code: StaffAccountErrorCode, message: string) {
    super(message)
  }
}

type AccountStores = Pick<Stores, 'staff' | 'sessions' | 'audit' | 'transaction'>

/** Creates an account (input already validated with StaffCreateSchema) and records who did it. */
export async function createStaffAccount(stores: AccountStores, input: StaffCreate, actor: string, now = new Date()): Promise<StaffMember> {
  const passwordHash = await hashStaffPassword(input.password)
  return stores.transaction(async (tx) => {
    const staff = await tx.staff.create({ email: input.email, passwordHash, role: input.role, district: input.district ?? null }, now)
    if (!staff) throw new StaffAccountError('STAFF_EXISTS', `已有账号 ${input.email}`)
    await tx.audit.write({ actor, entity: 'staff', entityId: staff.id, action: 'create', after: staff }, now)
    return staff
  })
}

/**
 * Changes role, district, password or disables/enables an account, and records it. Disabling or a
 * new password signs the account out everywhere. The last active admin cannot be demoted or disabled.
 */
export async function updateStaffAccount(stores: AccountStores, id: string, update: StaffUpdate, actor: string, now = new Date()): Promise<StaffMember> {
  const passwordHash = update.password ? await hashStaffPassword(update.password) : undefined
  return stores.transaction(async (tx) => {
    const before = await tx.staff.byId(id)
    if (!before) throw new StaffAccountError('STAFF_NOT_FOUND', '找不到这个账号')
    const changes: StaffChanges = { role: update.role, district: update.district, passwordHash }
    if (update.disabled !== undefined) changes.disabledAt = update.disabled ? (before.disabledAt ?? now.toISOString()) : null
    const disabledAfter = changes.disabledAt !== undefined ? changes.disabledAt : before.disabledAt
    const staysActiveAdmin = (changes.role ?? before.role) === 'admin' && !disabledAfter
    if (before.role === 'admin' && !before.disabledAt && !staysActiveAdmin && await tx.staff.activeAdminCount() <= 1) {
      throw new StaffAccountError('LAST_ADMIN', '这是最后一个管理员账号，不能停用或降级')
    }
    const after = (await tx.staff.update(id, changes))!
    if (passwordHash || (after.disabledAt && !before.disabledAt)) await tx.sessions.revokeAll(id, now)
    const action = after.disabledAt && !before.disabledAt ? 'disable' : !after.disabledAt && before.disabledAt ? 'enable' : 'update'
    await tx.audit.write({ actor, entity: 'staff', entityId: id, action, before, after: passwordHash ? { ...after, passwordChanged: true } : after }, now)
    return after
  })
}

/**
 * The account for an email and password, or undefined: unknown email, wrong password and disabled
 * account look the same, and each costs one scrypt run.
 */
export async function authenticateStaff(stores: Pick<Stores, 'staff'>, email: string, password: string): Promise<StaffMember | undefined> {
  const account = await stores.staff.credentials(email)
  const matches = await verifyStaffPassword(account?.passwordHash ?? await dummyStaffPasswordHash(), password)
  if (!account || !matches || account.disabledAt) return undefined
  const { passwordHash, ...staff } = account
  if (staffPasswordNeedsRehash(passwordHash)) await stores.staff.update(staff.id, { passwordHash: await hashStaffPassword(password) })
  return staff
}
