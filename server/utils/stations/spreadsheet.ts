import type { H3Event } from 'h3'
import { placesToCsv, placesToXlsx, type TablePlace } from '../../spreadsheet/write'
import type { StaffMember } from '#shared/types/admin'
import { districtName } from '../../regions/region'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The places as the union's spreadsheet (.xlsx or CSV, the import's headers), sent as a download. */
export async function sendStationTable(event: H3Event, format: 'xlsx' | 'csv', places: readonly TablePlace[], retired?: ReadonlySet<string>) {
  const date = beijingDate(new Date().toISOString())
  setResponseHeaders(event, {
    'Content-Type': format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="yizhan-stations-${date}.${format}"`,
  })
  return format === 'xlsx' ? placesToXlsx(places, retired) : placesToCsv(places, retired)
}

/** The stations a staff member may download: their district's (or all), retired ones too when asked. */
export async function staffStationTable(event: H3Event, staff: StaffMember, withRetired: boolean): Promise<{ places: TablePlace[], retired?: Set<string> }> {
  const live = await listStations(event)
  const retired = withRetired ? [...(await retiredStations(event)).values()].map(({ retiredAt: _at, retiredBy: _by, ...station }) => station) : []
  const places = [...live, ...retired].filter(station => mayActIn(staff, station.district))
    .sort((a, b) => districtName(a.district).localeCompare(districtName(b.district), 'zh-CN') || a.id.localeCompare(b.id))
  return { places, retired: withRetired ? new Set(retired.map(station => station.id)) : undefined }
}
