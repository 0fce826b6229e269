import type { Selectable } from 'kysely'
import type { StationImportsTable, StationImportStatus } from '../schema'
import type { Executor } from './executor'

/** A spreadsheet import as stored: its plan (the checked preview) and where it stands. */
export interface StoredImport<Plan = unknown, Summary = unknown> {
  id: string
  fileName: string
  status: StationImportStatus
  plan: Plan
  summary: Summary
  createdAt: string
  createdBy: string
  appliedLines: number[] | null
  appliedAt: string | null
  appliedBy: string | null
  undoneAt: string | null
  undoneBy: string | null
}

export type ImportListing = Omit<StoredImport, 'plan'>

/** Spreadsheet imports: previews kept for apply, applied batches kept for undo. */
export interface ImportStore {
  create(entry: { id: string, fileName: string, plan: unknown, summary: unknown, by: string }, now?: Date): Promise<void>
  get(id: string): Promise<StoredImport | undefined>
  /** The newest imports first (only `by`'s when given), without their plans. */
  recent(limit: number, by?: string): Promise<ImportListing[]>
  /** Moves an import on (preview → applied, applied → undone); false when it was no longer in `from`. */
  advance(id: string, from: StationImportStatus, to: StationImportStatus, by: string, now?: Date, lines?: number[]): Promise<boolean>
}

const listing = (row: Omit<Selectable<StationImportsTable>, 'plan'>): ImportListing => ({
  id: row.id,
  fileName: row.file_name,
  status: row.status,
  summary: JSON.parse(row.summary),
  createdAt: row.created_at,
  createdBy: row.created_by,
  appliedLines: row.applied_lines ? JSON.parse(row.applied_lines) : null,
  appliedAt: row.applied_at,
  appliedBy: row.applied_by,
  undoneAt: row.undone_at,
  undoneBy: row.undone_by,
})

export function createImportStore(db: Executor): ImportStore {
  return {
    async create({ id, fileName, plan, summary, by }, now = new Date()) {
      await db.insertInto('station_imports').values({
        id, file_name: fileName, status: 'preview', plan: JSON.stringify(plan), summary: JSON.stringify(summary),
        created_at: now.toISOString(), created_by: by, applied_lines: null, applied_at: null, applied_by: null, undone_at: null, undone_by: null,
      }).execute()
    },
    async get(id) {
      const row = await db.selectFrom('station_imports').selectAll().where('id', '=', id).executeTakeFirst()
      return row && { ...listing(row), plan: JSON.parse(row.plan) }
    },
    async recent(limit, by) {
      let query = db.selectFrom('station_imports')
        .select(['id', 'file_name', 'status', 'summary', 'created_at', 'created_by', 'applied_lines', 'applied_at', 'applied_by', 'undone_at', 'undone_by'])
      if (by) query = query.where('created_by', '=', by)
      const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute()
      return rows.map(listing)
    },
    async advance(id, from, to, by, now = new Date(), lines) {
      const at = now.toISOString()
      const set = to === 'applied' ? { applied_at: at, applied_by: by, applied_lines: JSON.stringify(lines ?? []) } : { undone_at: at, undone_by: by }
      const row = await db.updateTable('station_imports').set({ status: to, ...set })
        .where('id', '=', id).where('status', '=', from).returning('id').executeTakeFirst()
      return Boolean(row)
    },
  }
}
