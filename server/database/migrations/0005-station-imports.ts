import { sql, type Kysely } from 'kysely'
import { createTable, type Dialect } from './helpers'

/**
 * Spreadsheet imports from the workspace: the checked plan kept between preview and apply (so any
 * instance can apply it), and the batch every station change of an apply carries in the audit log,
 * so the batch can be undone.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect) {
  await createTable(db, dialect, 'station_imports', table => table
    .addColumn('id', 'text', col => col.primaryKey()) // UUID: the batch id
    .addColumn('file_name', 'text', col => col.notNull())
    .addColumn('status', 'text', col => col.notNull().check(sql`status IN ('preview', 'applied', 'undone')`))
    .addColumn('plan', 'text', col => col.notNull()) // JSON: the preview, with the records to write
    .addColumn('summary', 'text', col => col.notNull()) // JSON: counts, for the list of imports
    .addColumn('created_at', 'text', col => col.notNull())
    .addColumn('created_by', 'text', col => col.notNull())
    .addColumn('applied_lines', 'text') // JSON: the rows the person chose to write
    .addColumn('applied_at', 'text')
    .addColumn('applied_by', 'text')
    .addColumn('undone_at', 'text')
    .addColumn('undone_by', 'text'))
  await db.schema.createIndex('station_imports_created').on('station_imports').column('created_at').execute()

  await db.schema.alterTable('audit_log').addColumn('batch_id', 'text').execute()
  await db.schema.createIndex('audit_log_batch').on('audit_log').column('batch_id').execute()
}
