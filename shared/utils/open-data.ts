import type { StationData } from '../schemas/station'

// The dataset for reuse by others (issue 4): GeoJSON (RFC 7946) and CSV, built from the same records
// GET /api/stations serves. Pure, so the server routes and the tests share one definition.

/** A place as published: its data, its id, and its district's name (`district` is the county code). */
export type OpenDataPlace = StationData & { id: string, districtName?: string }

/** The absolute URL of a station's page; `base` is the site's origin (a trailing slash is ignored). */
export function stationUrl(base: string, id: string): string {
  return `${base.replace(/\/+$/, '')}/stations/${encodeURIComponent(id)}`
}

/**
 * The published fields, in column order, each with how a record gives its value. The same names are
 * GeoJSON property names and CSV headers, and `npm run data:import` reads them back.
 */
export const OPEN_DATA_FIELDS = [
  'id', 'name', 'kind', 'district', 'address', 'lat', 'lng', 'precision', 'amenities', 'hours', 'hoursNote',
  'phone', 'operator', 'audience', 'arrivalHint', 'description', 'status', 'statusNote', 'expectedReopen', 'lastVerified',
  'sample', 'source', 'url', 'districtCode',
] as const
export type OpenDataField = typeof OPEN_DATA_FIELDS[number]

type Value = string | number | boolean | string[] | null

function fieldValue(place: OpenDataPlace, field: OpenDataField, base: string): Value {
  switch (field) {
    case 'lat': return place.location.lat
    case 'lng': return place.location.lng
    case 'precision': return place.location.precision
    case 'source': return place.source.name
    case 'url': return stationUrl(base, place.id)
    // `district` stays the name it always was; the county code came later, as the last column.
    case 'district': return place.districtName ?? place.district
    case 'districtCode': return place.district
    case 'amenities': return [...place.amenities]
    case 'audience': return [...place.audience]
    default: return place[field] ?? null
  }
}

export interface GeoJsonFeature {
  type: 'Feature'
  id: string
  geometry: { type: 'Point', coordinates: [number, number] }
  properties: Record<Exclude<OpenDataField, 'lat' | 'lng'>, Value>
}

export interface GeoJsonFeatureCollection {
  type: 'FeatureCollection'
  features: GeoJsonFeature[]
}

/**
 * An RFC 7946 FeatureCollection: one Point per place, `[longitude, latitude]` in WGS-84 (no `crs`
 * member: RFC 7946 removed it, WGS-84 is implied). `base` makes each place's `url` absolute.
 */
export function toGeoJson(places: readonly OpenDataPlace[], base: string): GeoJsonFeatureCollection {
  return { type: 'FeatureCollection', features: places.map(place => toGeoJsonFeature(place, base)) }
}

const PROPERTY_FIELDS = OPEN_DATA_FIELDS.filter(f => f !== 'lat' && f !== 'lng')

/** One place as a GeoJSON Feature (what toGeoJson lists; the server streams them one by one). */
export function toGeoJsonFeature(place: OpenDataPlace, base: string): GeoJsonFeature {
  return {
    type: 'Feature',
    id: place.id,
    geometry: { type: 'Point', coordinates: [place.location.lng, place.location.lat] },
    properties: Object.fromEntries(PROPERTY_FIELDS.map(field => [field, fieldValue(place, field, base)])) as GeoJsonFeature['properties'],
  }
}

/**
 * A text cell made safe for spreadsheets: one that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return would be read as a formula by Excel or LibreOffice, so it gets a leading `'` (OWASP, "CSV Injection").
 */
export function neutraliseCsvCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function csvCell(value: Value): string {
  if (value === null) return ''
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const text = Array.isArray(value) ? value.join(';') : value
  return csvField(neutraliseCsvCell(text))
}

/**
 * The places as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese right), CRLF line ends,
 * a header row of the field names, lists joined with `;`, every text cell neutralised against formulas.
 */
export function toCsv(places: readonly OpenDataPlace[], base: string): string {
  return CSV_HEAD + places.map(place => toCsvLine(place, base)).join('')
}

/** The start of the CSV: byte-order mark and header row. */
export const CSV_HEAD = `\uFEFF${OPEN_DATA_FIELDS.join(',')}\r\n`

/** One place as a CSV line, CRLF included (what toCsv writes after CSV_HEAD; the server streams them). */
export function toCsvLine(place: OpenDataPlace, base: string): string {
  return `${OPEN_DATA_FIELDS.map(field => csvCell(fieldValue(place, field, base))).join(',')}\r\n`
}
