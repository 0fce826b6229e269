import { sql, type CreateTableBuilder, type Kysely } from 'kysely'

export type Dialect = 'sqlite' | 'postgres'

/**
 * Before Kysely's migrator, SQLite databases recorded their schema version in `PRAGMA user_version`
 * (1: suggestions, 2: staff workspace). Those migrations are already applied there: they are skipped.
 */
export async function releasedSqliteVersion(db: Kysely<unknown>, dialect: Dialect): Promise<number> {
  if (dialect !== 'sqlite') return 0
  const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(db)
  return rows[0]?.user_version ?? 0
}

/** A table in both databases; SQLite's is STRICT, so a value of the wrong type is refused as in PostgreSQL. */
export async function createTable(
  db: Kysely<unknown>,
  dialect: Dialect,
  name: string,
  columns: (table: CreateTableBuilder<string, never>) => CreateTableBuilder<string, string>,
) {
  const table = columns(db.schema.createTable(name))
  await (dialect === 'sqlite' ? table.modifyEnd(sql`STRICT`) : table).execute()
}
