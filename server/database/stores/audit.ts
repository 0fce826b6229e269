import type { Selectable } from 'kysely'
import type { AuditLogTable } from '../schema'
import { fromJson, toJson, type Executor } from './executor'

export type AuditEntity = 'station' | 'suggestion' | 'staff'

/** One change: who (staff id or 'system'), what before and after, why. */
export interface AuditRecord {
  actor: string
  entity: AuditEntity
  entityId: string
  action: string
  before?: unknown
  after?: unknown
  reason?: string | null
  /** The suggestion a station change came from. */
  suggestionId?: string | null
  /** The spreadsheet import a station change belongs to. */
  batchId?: string | null
}

export interface StoredAuditRecord extends AuditRecord {
  id: number
  at: string
}

/** The audit log: append-only. */
export interface AuditLog {
  write(record: AuditRecord, now?: Date): Promise<number>
  /** Every record about one entity, oldest first. */
  forEntity(entity: AuditEntity, entityId: string): Promise<StoredAuditRecord[]>
  /** Every record of one import batch, oldest first. */
  forBatch(batchId: string): Promise<StoredAuditRecord[]>
}

const stored = (row: Selectable<AuditLogTable>): StoredAuditRecord => ({
  id: Number(row.id),
  at: row.at,
  actor: row.actor,
  entity: row.entity,
  entityId: row.entity_id,
  action: row.action,
  before: fromJson(row.before),
  after: fromJson(row.after),
  reason: row.reason,
  suggestionId: row.suggestion_id,
  batchId: row.batch_id,
})

export function createAuditLog(db: Executor): AuditLog {
  return {
    async write(record, now = new Date()) {
      const { id } = await db.insertInto('audit_log').values({
        at: now.toISOString(),
        actor: record.actor,
        entity: record.entity,
        entity_id: record.entityId,
        action: record.action,
        before: toJson(record.before),
        after: toJson(record.after),
        reason: record.reason ?? null,
        suggestion_id: record.suggestionId ?? null,
        batch_id: record.batchId ?? null,
      }).returning('id').executeTakeFirstOrThrow()
      return Number(id)
    },
    async forEntity(entity, entityId) {
      const rows = await db.selectFrom('audit_log').selectAll().where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id').execute()
      return rows.map(stored)
    },
    async forBatch(batchId) {
      const rows = await db.selectFrom('audit_log').selectAll().where('batch_id', '=', batchId).orderBy('id').execute()
      return rows.map(stored)
    },
  }
}
