import type { H3Event } from 'h3'
import { PassThrough, Readable } from 'node:stream'
import { placesCsvChunks, writePlacesXlsx, type TablePlace } from '../../spreadsheet/write'
import type { StaffMember } from '#shared/types/admin'
import { districtName } from '../../regions/region'

/** Ids compared as `localeCompare` does, with one collator. */
const ids = new Intl.Collator()
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The chunks, letting other requests in between two (a generator alone would run on microtasks only). */
async function* withTurns(chunks: Iterable<Buffer>): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    yield chunk
    await new Promise(resolve => setImmediate(resolve))
  }
}

/** The places as the union's spreadsheet (.xlsx or CSV, the import's headers), sent as a download. */
export async function sendStationTable(event: H3Event, format: 'xlsx' | 'csv', places: readonly TablePlace[], retired?: ReadonlySet<string>) {
  const date = beijingDate(new Date().toISOString())
  setResponseHeaders(event, {
    'Content-Type': format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="yizhan-stations-${date}.${format}"`,
  })
  // Written as the download goes (server/spreadsheet/write.ts), not built whole first: the national
  // list's CSV is about 50 MB of text.
  if (format === 'csv') {
    // One chunk ahead of the socket at most; a download cancelled stops the writing.
    const csv = Readable.from(withTurns(placesCsvChunks(places, retired)), { highWaterMark: 1 })
    event.node.res.once('close', () => csv.destroy())
    return sendStream(event, csv)
  }
  const body = new PassThrough()
  // A download cancelled ends the writing (a response closed does not close what was piped into it).
  event.node.res.once('close', () => body.destroy())
  writePlacesXlsx(places, retired, body).catch((error: unknown) => body.destroy(error as Error))
  return sendStream(event, body)
}

/** The stations a staff member may download: their district's (or all), retired ones too when asked. */
export async function staffStationTable(event: H3Event, staff: StaffMember, withRetired: boolean): Promise<{ places: TablePlace[], retired?: Set<string> }> {
  const live = await listStations(event)
  const retired = withRetired ? [...(await retiredStations(event)).values()].map(({ retiredAt: _at, retiredBy: _by, ...station }) => station) : []
  const places = [...live, ...retired].filter(station => mayActIn(staff, station.district))
  // By district name, then id: the few thousand names ranked once, not compared inside the sort.
  const districts = wordOrder(places.map(station => districtName(station.district)))
  const keyed = places.map(station => ({ station, district: districts.rank(districtName(station.district)) }))
  keyed.sort((a, b) => a.district - b.district || ids.compare(a.station.id, b.station.id))
  return { places: keyed.map(({ station }) => station), retired: withRetired ? new Set(retired.map(station => station.id)) : undefined }
}
