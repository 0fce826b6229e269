import type { PersonalDataRemoved, Stores } from '../../database/stores'
import { confirmWindowStart } from '../../../shared/utils/confirm-window'

const DAY_MS = 86_400_000

/** How long what the public sends about themselves is kept, in days. */
export interface RetentionPolicy {
  /** A contact, counted from the suggestion's review (a pending one keeps it). */
  contactDays: number
  /** A client hash, counted from when the suggestion was sent. */
  clientHashDays: number
}

/** The policy from NUXT_CONTACT_RETENTION_DAYS and NUXT_CLIENT_HASH_RETENTION_DAYS; throws, naming the variable, for a value that is not a whole number of days. */
export function retentionPolicy(): RetentionPolicy {
  const config = useRuntimeConfig()
  const days = (value: unknown, variable: string) => {
    const number = Number(value)
    if (!Number.isInteger(number) || number < 1) throw new Error(`${variable} must be a whole number of days, at least 1 (got ${JSON.stringify(value)})`)
    return number
  }
  return {
    contactDays: days(config.contactRetentionDays, 'NUXT_CONTACT_RETENTION_DAYS'),
    clientHashDays: days(config.clientHashRetentionDays, 'NUXT_CLIENT_HASH_RETENTION_DAYS'),
  }
}

/**
 * Removes contacts and client hashes older than the policy allows, and confirm senders outside the
 * public count's window (CONFIRM_WINDOW_DAYS: what the station page says, not a setting), with one
 * audit row (counts only) when anything went, in one transaction. Safe to run on several instances at once: each run first
 * writes `retention_ran_at`, so a second one waits for the first to commit and then finds nothing.
 */
export function applyRetention(stores: Stores, policy: RetentionPolicy, now = new Date()): Promise<PersonalDataRemoved> {
  return stores.transaction(async (tx) => {
    await tx.settings.set('retention_ran_at', now.toISOString())
    const removed = await tx.suggestions.forgetPersonalData({
      contactsReviewedBefore: new Date(now.getTime() - policy.contactDays * DAY_MS).toISOString(),
      clientHashesSentBefore: new Date(now.getTime() - policy.clientHashDays * DAY_MS).toISOString(),
      confirmersLastCountedBefore: confirmWindowStart(now),
    })
    if (removed.contacts || removed.clientHashes || removed.confirmers) {
      // '*': the run concerns many suggestions and names none of them.
      await tx.audit.write({ actor: 'system', entity: 'suggestion', entityId: '*', action: 'retention', after: { ...removed, policy } }, now)
    }
    return removed
  })
}
