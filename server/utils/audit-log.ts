import type Database from 'better-sqlite3'

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
}

export interface StoredAuditRecord extends AuditRecord {
  id: number
  at: string
}

/** The audit log: append-only. */
export interface AuditLog {
  write(record: AuditRecord, now?: Date): number
  /** Every record about one entity, oldest first. */
  forEntity(entity: AuditEntity, entityId: string): StoredAuditRecord[]
}

interface Row { id: number, at: string, actor: string, entity: AuditEntity, entity_id: string, action: string, before: string | null, after: string | null, reason: string | null, suggestion_id: string | null }

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value))

export function createSqliteAuditLog(db: Database.Database): AuditLog {
  const insert = db.prepare(`INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after, reason, suggestion_id)
    VALUES (@at, @actor, @entity, @entityId, @action, @before, @after, @reason, @suggestionId)`)
  const byEntity = db.prepare<[AuditEntity, string], Row>('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id')

  return {
    write(record, now = new Date()) {
      const { lastInsertRowid } = insert.run({
        at: now.toISOString(),
        actor: record.actor,
        entity: record.entity,
        entityId: record.entityId,
        action: record.action,
        before: json(record.before),
        after: json(record.after),
        reason: record.reason ?? null,
        suggestionId: record.suggestionId ?? null,
      })
      return Number(lastInsertRowid)
    },
    forEntity(entity, entityId) {
      return byEntity.all(entity, entityId).map(row => ({
        id: row.id,
        at: row.at,
        actor: row.actor,
        entity: row.entity,
        entityId: row.entity_id,
        action: row.action,
        before: row.before === null ? null : JSON.parse(row.before),
        after: row.after === null ? null : JSON.parse(row.after),
        reason: row.reason,
        suggestionId: row.suggestion_id,
      }))
    },
  }
}
