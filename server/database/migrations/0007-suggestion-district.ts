import { sql, type Kysely } from 'kysely'
import type { District } from '../../../shared/utils/vocabulary'
import { nearestDistrict } from '../../utils/stations/districts'
import { createTable, type Dialect } from './helpers'

/**
 * Staff queries in SQL (issue 11): each suggestion keeps the district it concerns, and a new-station
 * proposal its position, so the review queue and the attention list filter, count and page in the
 * database instead of reading every suggestion and every station per request.
 *
 * A proposal's district is the one whose centre is nearest its position (nearestDistrict); it is
 * filled here, from the body. A station suggestion's is its station's, and the stations as they
 * stand (content files with staff's live edits) are not in this database: the content dataset is
 * inside Nuxt Content's own database, which a built server reads through a request. So
 * `station_districts` starts empty, and the server fills it and every station suggestion's district
 * at its first request (server/plugins/suggestion-districts.ts), before it answers any: also after
 * each release, which may move a station. From then on a suggestion gets its district as it is stored,
 * and a station's suggestions move with it when staff move the station (server/utils/stations/edits.ts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect) {
  // STRICT SQLite knows REAL; PostgreSQL's `real` is 4 bytes, about a metre off at these latitudes.
  const float = dialect === 'sqlite' ? 'real' : 'double precision'
  await db.schema.alterTable('suggestions').addColumn('district', 'text').execute() // a district (a county code since 0008)
  await db.schema.alterTable('suggestions').addColumn('lat', float).execute() // new-station proposals only
  await db.schema.alterTable('suggestions').addColumn('lng', float).execute()

  // The district of each station suggestions were sent about, as this database last saw it.
  await createTable(db, dialect, 'station_districts', table => table
    .addColumn('station_id', 'text', col => col.primaryKey())
    .addColumn('district', 'text', col => col.notNull()))

  // Measured with scripts/bench-queue.ts at 100,000 suggestions. The queue, newest first (created_at,
  // then id, both descending): of one district (an editor's, or a chosen one) by status, and of every
  // district by status (0002's (status, created_at), extended). With the id in it a page's ids are
  // read from the index alone however far down the page, and with the kind a kind filter and the
  // count stay in it too.
  await db.schema.createIndex('suggestions_district').on('suggestions').columns(['district', 'status', 'created_at', 'id', 'kind']).execute()
  await db.schema.dropIndex('suggestions_status').execute()
  await db.schema.createIndex('suggestions_status_kind').on('suggestions').columns(['status', 'created_at', 'id', 'kind']).execute()
  // ...of every status (0001's (created_at), extended), and the last day's bursts by station or client.
  await db.schema.dropIndex('suggestions_created').execute()
  await db.schema.createIndex('suggestions_recent').on('suggestions').columns(['created_at', 'district', 'station_id', 'client_hash', 'id']).execute()
  // Pending problem reports counted per station, in a district or all (the attention list).
  await db.schema.createIndex('suggestions_kind_status').on('suggestions').columns(['kind', 'status', 'district', 'station_id', 'created_at']).execute()
  // A station's suggestions newest first: its pending ones (a queue item's likely duplicates), its
  // last day's (a burst's newest ids).
  await db.schema.createIndex('suggestions_station_recent').on('suggestions').columns(['station_id', 'created_at', 'status']).execute()
  // Pending proposals near a point (a proposal's duplicates). Status first: SQLite, which keeps no
  // statistics, then prefers it to (status, created_at, …) for `status = ? AND lat BETWEEN …`.
  await db.schema.createIndex('suggestions_position').on('suggestions').columns(['status', 'lat', 'lng']).where(sql.raw<boolean>('lat IS NOT NULL')).execute()

  const coordinate = (axis: 'lat' | 'lng') => dialect === 'sqlite'
    ? sql`json_extract(body, ${`$.location.${axis}`})`
    : sql`(body::json -> 'location' ->> ${axis})::double precision`
  await sql`UPDATE suggestions SET lat = ${coordinate('lat')}, lng = ${coordinate('lng')} WHERE kind = 'new-station'`.execute(db)

  // nearestDistrict is JavaScript: a thousand proposals at a time, one UPDATE per district.
  let after = ''
  for (;;) {
    const { rows } = await sql<{ id: string, lat: number, lng: number }>`SELECT id, lat, lng FROM suggestions
      WHERE kind = 'new-station' AND lat IS NOT NULL AND id > ${after} ORDER BY id LIMIT 1000`.execute(db)
    if (!rows.length) break
    const byDistrict = new Map<District, string[]>()
    for (const row of rows) {
      const district = nearestDistrict({ lat: Number(row.lat), lng: Number(row.lng) })
      const ids = byDistrict.get(district) ?? []
      ids.push(row.id)
      byDistrict.set(district, ids)
    }
    for (const [district, ids] of byDistrict) {
      await sql`UPDATE suggestions SET district = ${district} WHERE id IN (${sql.join(ids)})`.execute(db)
    }
    after = rows.at(-1)!.id
  }
}
