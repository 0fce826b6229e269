import { sql, type Kysely } from 'kysely'
import { county, lookupCounty } from '../../regions/divisions'
import { currentRegion } from '../../regions/region'
import type { Dialect } from './helpers'

/**
 * Districts become county codes (issue 10): the app was one city's, and stored a district as one of
 * its 11 names (榆次区); any region's now, it stores the GB/T 2260 code (140702), which names a county
 * unambiguously across the country. Changed: suggestions.district, staff.district (an editor's
 * scope), station_districts.district, and `district` inside the JSON of staff's live edits
 * (station_overrides.fields) and additions (station_additions.record). A name the division data
 * resolves in the region (NUXT_PUBLIC_REGION) becomes its code; a code stays; anything else is left
 * as it was (the server then rejects it, as it would any bad value). The names stay derivable: each
 * code is one county of server/regions/divisions.ts. The audit log and import previews keep what
 * they recorded: history is not rewritten, and reading a name still resolves it.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect) {
  const region = currentRegion().code
  const codeOf = (value: string): string | undefined => {
    if (county(value)) return undefined
    return lookupCounty(value, region).county?.code
  }

  for (const [table, column] of [['suggestions', 'district'], ['staff', 'district'], ['station_districts', 'district']] as const) {
    const { rows } = await sql<{ value: string }>`SELECT DISTINCT ${sql.ref(column)} AS value FROM ${sql.table(table)} WHERE ${sql.ref(column)} IS NOT NULL`.execute(db)
    for (const { value } of rows) {
      const code = codeOf(value)
      if (code) await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${code} WHERE ${sql.ref(column)} = ${value}`.execute(db)
    }
  }

  for (const [table, key, column] of [['station_overrides', 'station_id', 'fields'], ['station_additions', 'id', 'record']] as const) {
    const { rows } = await sql<{ key: string, json: string }>`SELECT ${sql.ref(key)} AS key, ${sql.ref(column)} AS json FROM ${sql.table(table)}`.execute(db)
    for (const row of rows) {
      const value = JSON.parse(row.json) as Record<string, unknown>
      const code = typeof value.district === 'string' ? codeOf(value.district) : undefined
      if (!code) continue
      await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${JSON.stringify({ ...value, district: code })} WHERE ${sql.ref(key)} = ${row.key}`.execute(db)
    }
  }
}
