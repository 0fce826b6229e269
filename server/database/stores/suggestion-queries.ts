import { sql, type Insertable, type Selectable } from 'kysely'
import type { Suggestion, SuggestionKind, SuggestionStatus } from '../../../shared/schemas/suggestion'
import type { LatLng } from '../../../shared/utils/geo'
import type { District } from '../../../shared/utils/vocabulary'
import { nearestDistrict } from '../../utils/stations/districts'
import type { SuggestionsTable } from '../schema'
import { atomic, type Executor } from './executor'
import type { StoredSuggestion } from './suggestions'

/** The review queue's conditions: each one given must hold. */
export interface QueueFilter {
  kind?: SuggestionKind
  status?: SuggestionStatus
  stationId?: string
  district?: District
}

/** One page of the queue, and how many suggestions match in all. */
export interface QueuePage {
  items: StoredSuggestion[]
  total: number
}

/** A pending suggestion beside a queue item (a likely duplicate). */
export interface PendingSuggestion {
  id: string
  kind: SuggestionKind
  createdAt: string
}

/** A pending new-station proposal and where it is. */
export type PendingProposal = PendingSuggestion & LatLng

/** Degrees of latitude and longitude (WGS-84), edges included. */
export interface Box {
  south: number
  north: number
  west: number
  east: number
}

/** More suggestions than usual in a short time: for one station, or from one client. */
export interface BurstQuery {
  /** ISO instant: suggestions sent at or after it count. */
  since: string
  district?: District
  /** A station (or client) with more than this many is listed. */
  over: number
  /** The newest this many suggestion ids of each are given. */
  ids: number
}

/** One page of a list, biggest or newest first, and how many it holds in all. */
export interface Page<T> {
  items: T[]
  total: number
}

/** A page's size, and how many to skip before it. */
export interface Range {
  limit: number
  offset: number
}

export interface StationBurst { stationId: string, count: number, suggestionIds: string[] }
export interface ClientBurst { client: string, count: number, stationIds: string[], suggestionIds: string[] }
export interface ProblemReports { stationId: string, count: number, latestAt: string }

/**
 * What staff ask of the suggestions, answered in SQL (issue 11): never every suggestion, whatever
 * the spam. The district column they filter by is kept here too.
 */
export interface SuggestionQueries {
  /** One page of the suggestions matching every condition, newest first (the same instant: by id, descending), and how many match in all. */
  queue(filter: QueueFilter, range: Range): Promise<QueuePage>
  /** A station's pending suggestions, newest first, at most `limit`. */
  pendingAbout(stationId: string, limit: number): Promise<PendingSuggestion[]>
  /** Pending new-station proposals inside a box: at most `limit`, any of them when there are more. */
  pendingProposalsIn(box: Box, limit: number): Promise<PendingProposal[]>
  /** Per station not retired, its pending problem reports: how many, and when the newest came; the most reported first. */
  pendingProblems(district: District | undefined, range: Range): Promise<Page<ProblemReports>>
  /** Stations with more suggestions than allowed since an instant, biggest first. */
  stationBursts(query: BurstQuery, range: Range): Promise<Page<StationBurst>>
  /** Clients with more suggestions than allowed since an instant, biggest first. */
  clientBursts(query: BurstQuery, range: Range): Promise<Page<ClientBurst>>
  /**
   * Records the district each station is in, and moves its suggestions with it; fills the district
   * of any station suggestion stored before its station's was known. How many suggestions changed.
   */
  setStationDistricts(districts: ReadonlyMap<string, District>): Promise<number>
}

/**
 * Where a suggestion being stored belongs: a proposal's position and its nearest district, or its
 * station's district, read by the INSERT itself (one statement per batch, as before).
 */
export function placeOf(suggestion: Suggestion): Pick<Insertable<SuggestionsTable>, 'district' | 'lat' | 'lng'> {
  if (suggestion.kind === 'new-station') {
    const { lat, lng } = suggestion.location
    return { district: nearestDistrict({ lat, lng }), lat, lng }
  }
  return { district: sql<District | null>`(SELECT district FROM station_districts WHERE station_id = ${suggestion.stationId})`, lat: null, lng: null }
}

// SQLite allows 32766 parameters in one statement, PostgreSQL 65535: lists are sent in slices.
const SLICE = 500
const slices = <T>(list: readonly T[]) => Array.from({ length: Math.ceil(list.length / SLICE) }, (_, i) => list.slice(i * SLICE, (i + 1) * SLICE))

export function createSuggestionQueries(db: Executor, stored: (row: Selectable<SuggestionsTable>) => StoredSuggestion): SuggestionQueries {
  const recent = ({ since, district }: BurstQuery) => db.selectFrom('suggestions').where('created_at', '>=', since)
    .$if(district !== undefined, qb => qb.where('district', '=', district!))

  /** One page of the stations (or clients) with more than `over` recent suggestions, and how many there are. */
  async function biggest(column: 'station_id' | 'client_hash', query: BurstQuery, { limit, offset }: Range) {
    const groups = recent(query).where(column, 'is not', null).groupBy(column).having(eb => eb.fn.countAll(), '>', query.over)
    const [rows, count] = await Promise.all([
      groups.select(eb => [eb.ref(column).as('key'), eb.fn.countAll().as('count')])
        .orderBy('count', 'desc').orderBy('key').limit(limit).offset(offset).execute(),
      db.selectFrom(groups.select(column).as('groups')).select(eb => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
    ])
    return { rows: rows.map(row => ({ key: row.key!, count: Number(row.count) })), total: Number(count.total) }
  }

  // The newest `ids` of each: one short query per burst, read from an index in time order
  // (a window function over every recent row would cost what the whole burst does).
  const newestOf = async (column: 'station_id' | 'client_hash', query: BurstQuery, keys: string[]) => new Map(await Promise.all(keys.map(async key => [
    key,
    (await recent(query).select('id').where(column, '=', key).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.ids).execute()).map(row => row.id),
  ] as const)))

  return {
    async queue({ kind, status, stationId, district }, { limit, offset }) {
      const matching = db.selectFrom('suggestions')
        .$if(district !== undefined, qb => qb.where('district', '=', district!))
        .$if(status !== undefined, qb => qb.where('status', '=', status!))
        .$if(kind !== undefined, qb => qb.where('kind', '=', kind!))
        .$if(stationId !== undefined, qb => qb.where('station_id', '=', stationId!))
      // The page's ids first, from the index alone (skipping `offset` index entries, not rows), then
      // those rows: a late page costs about what the first does.
      const ids = matching.select('id').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset)
      const [rows, count] = await Promise.all([
        db.selectFrom('suggestions').selectAll().where('id', 'in', ids).orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
        matching.select(eb => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
      ])
      return { items: rows.map(stored), total: Number(count.total) }
    },

    async pendingAbout(stationId, limit) {
      const rows = await db.selectFrom('suggestions').select(['id', 'kind', 'created_at'])
        .where('station_id', '=', stationId).where('status', '=', 'pending')
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit)
        .execute()
      return rows.map(row => ({ id: row.id, kind: row.kind, createdAt: row.created_at }))
    },

    async pendingProposalsIn({ south, north, west, east }, limit) {
      const rows = await db.selectFrom('suggestions').select(['id', 'kind', 'created_at', 'lat', 'lng'])
        .where('lat', 'is not', null).where('lat', '>=', south).where('lat', '<=', north).where('lng', '>=', west).where('lng', '<=', east)
        .where('kind', '=', 'new-station').where('status', '=', 'pending')
        .limit(limit)
        .execute()
      return rows.map(row => ({ id: row.id, kind: row.kind, createdAt: row.created_at, lat: Number(row.lat), lng: Number(row.lng) }))
    },

    async pendingProblems(district, { limit, offset }) {
      const reported = db.selectFrom('suggestions')
        .where('kind', '=', 'problem').where('status', '=', 'pending').where('station_id', 'is not', null)
        .$if(district !== undefined, qb => qb.where('district', '=', district!))
        // A retired station's reports wait in the queue, off this list.
        .where('station_id', 'not in', eb => eb.selectFrom('station_retirements').select('station_retirements.station_id'))
        .where('station_id', 'not in', eb => eb.selectFrom('station_additions').select('station_additions.id').where('station_additions.retired_at', 'is not', null))
        .groupBy('station_id')
      const [rows, count] = await Promise.all([
        reported.select(eb => ['station_id', eb.fn.countAll().as('count'), eb.fn.max('created_at').as('latest')])
          .orderBy('count', 'desc').orderBy('latest', 'desc').orderBy('station_id').limit(limit).offset(offset).execute(),
        db.selectFrom(reported.select('station_id').as('reported')).select(eb => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
      ])
      return { items: rows.map(row => ({ stationId: row.station_id!, count: Number(row.count), latestAt: row.latest })), total: Number(count.total) }
    },

    async stationBursts(query, range) {
      const { rows, total } = await biggest('station_id', query, range)
      const newest = await newestOf('station_id', query, rows.map(row => row.key))
      return { items: rows.map(({ key, count }) => ({ stationId: key, count, suggestionIds: newest.get(key) ?? [] })), total }
    },

    async clientBursts(query, range) {
      const { rows, total } = await biggest('client_hash', query, range)
      const clientHashes = rows.map(row => row.key)
      const [newest, clientStations] = await Promise.all([
        newestOf('client_hash', query, clientHashes),
        clientHashes.length
          ? recent(query).select(eb => ['client_hash', 'station_id', eb.fn.max('created_at').as('latest')])
              .where('client_hash', 'in', clientHashes).where('station_id', 'is not', null)
              .groupBy(['client_hash', 'station_id']).orderBy('latest', 'desc').orderBy('station_id')
              .execute()
          : [],
      ])
      const stationsOf = new Map<string, string[]>()
      for (const row of clientStations) stationsOf.set(row.client_hash!, [...(stationsOf.get(row.client_hash!) ?? []), row.station_id!])
      return {
        items: rows.map(({ key, count }) => ({ client: key, count, stationIds: stationsOf.get(key) ?? [], suggestionIds: newest.get(key) ?? [] })),
        total,
      }
    },

    setStationDistricts(districts) {
      return atomic(db, async (trx) => {
        const known = new Map<string, string>()
        for (const ids of slices([...districts.keys()])) {
          for (const row of await trx.selectFrom('station_districts').selectAll().where('station_id', 'in', ids).execute()) known.set(row.station_id, row.district)
        }
        let changed = 0
        for (const [stationId, district] of districts) {
          if (known.get(stationId) === district) continue
          await trx.insertInto('station_districts').values({ station_id: stationId, district })
            .onConflict(oc => oc.column('station_id').doUpdateSet({ district })).execute()
          const moved = await trx.updateTable('suggestions').set({ district })
            .where('station_id', '=', stationId).where('district', 'is distinct from', district)
            .executeTakeFirst()
          changed += Number(moved.numUpdatedRows)
        }
        // Stored before their station's district was known (a station new in a release, before this
        // instance's first request): few, found by the index that starts with the district.
        const filled = await trx.updateTable('suggestions')
          .set(eb => ({ district: eb.selectFrom('station_districts').select('station_districts.district').whereRef('station_districts.station_id', '=', 'suggestions.station_id') }))
          .where('district', 'is', null).where('station_id', 'is not', null)
          .where('station_id', 'in', eb => eb.selectFrom('station_districts').select('station_districts.station_id'))
          .executeTakeFirst()
        return changed + Number(filled.numUpdatedRows)
      })
    },
  }
}
