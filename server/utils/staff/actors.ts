import type { Actor } from '#shared/types/admin'

/** Names the actors of audit rows and reviews by email (one query for a whole answer). */
export async function actorNamer(): Promise<(id: string) => Actor> {
  const emails = new Map((await useStores().staff.list()).map(staff => [staff.id, staff.email]))
  return id => ({ id, email: emails.get(id) ?? null })
}
