import { resolve } from 'node:path'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { readPlaceFiles } from '../../modules/validate-places/place-files'
import { csvField, neutraliseCsvCell, OPEN_DATA_FIELDS, stationUrl, toCsv, toGeoJson } from '../../shared/utils/open-data'

const root = resolve(import.meta.dirname, '../..')
const places = readPlaceFiles(resolve(root, 'content'), root).places.map(p => ({ ...p.data, id: p.id }))

describe('neutraliseCsvCell (CSV formula injection, OWASP)', () => {
  it.each([
    ['=cmd|\' /C calc\'!A0', '\'=cmd|\' /C calc\'!A0'],
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ['+86 354 1234567', '\'+86 354 1234567'],
    ['-2+3', '\'-2+3'],
    ['@SUM(A1)', '\'@SUM(A1)'],
    ['\t=1', '\'\t=1'],
    ['\r=1', '\'\r=1'],
    ['榆次区顺城街', '榆次区顺城街'],
    ['0354-1234567', '0354-1234567'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j -> %j', (value, expected) => {
    expect(neutraliseCsvCell(value)).toBe(expected)
  })
})

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' edge', '" edge"'],
  ])('%j -> %j', (value, expected) => {
    expect(csvField(value)).toBe(expected)
  })
})

describe('stationUrl', () => {
  it.each([
    ['https://example.org', 'a-b', 'https://example.org/stations/a-b'],
    ['https://example.org/', 'a-b', 'https://example.org/stations/a-b'],
    ['http://127.0.0.1:3000', 'x', 'http://127.0.0.1:3000/stations/x'],
  ])('%s + %s', (base, id, expected) => {
    expect(stationUrl(base, id)).toBe(expected)
  })
})

describe('toGeoJson', () => {
  const geo = toGeoJson(places, 'https://example.org')

  it('is an RFC 7946 FeatureCollection of Points, longitude first, without a crs member', () => {
    expect(geo.type).toBe('FeatureCollection')
    expect(geo).not.toHaveProperty('crs')
    expect(geo.features).toHaveLength(places.length)
    for (const [i, feature] of geo.features.entries()) {
      expect(feature.type).toBe('Feature')
      expect(feature.geometry).toEqual({ type: 'Point', coordinates: [places[i]!.location.lng, places[i]!.location.lat] })
    }
  })

  it('carries the published fields as properties', () => {
    const [feature] = geo.features
    const place = places[0]!
    expect(feature!.id).toBe(place.id)
    expect(feature!.properties).toMatchObject({ id: place.id, name: place.name, kind: place.kind, sample: place.sample, precision: place.location.precision, source: place.source.name, url: `https://example.org/stations/${place.id}` })
    expect(Object.keys(feature!.properties)).toEqual(OPEN_DATA_FIELDS.filter(f => f !== 'lat' && f !== 'lng'))
  })
})

describe('toCsv', () => {
  const text = toCsv(places, 'https://example.org')

  it('starts with a byte-order mark and a header row of the field names', () => {
    expect(text.startsWith('\uFEFFid,name,kind,district,address,lat,lng,')).toBe(true)
    expect(text.endsWith('\r\n')).toBe(true)
  })

  it('parses back to the same places', () => {
    const { data, errors } = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true })
    expect(errors).toEqual([])
    expect(data.map(row => row.id)).toEqual(places.map(p => p.id))
    for (const [i, row] of data.entries()) {
      const place = places[i]!
      expect(row).toMatchObject({ name: place.name, lat: String(place.location.lat), lng: String(place.location.lng), amenities: place.amenities.join(';'), sample: String(place.sample) })
    }
  })

  it('neutralises a formula-looking value and keeps the rest of the row intact', () => {
    const evil = { ...places[0]!, name: '=cmd|\' /C calc\'!A0', address: '@SUM(1+1)*cmd|\' /C calc\'!A0', phone: undefined }
    const [row] = Papa.parse<Record<string, string>>(toCsv([evil], 'https://example.org').slice(1), { header: true, skipEmptyLines: true }).data
    expect(row!.name).toBe('\'=cmd|\' /C calc\'!A0')
    expect(row!.address).toBe('\'@SUM(1+1)*cmd|\' /C calc\'!A0')
    expect(row!.phone).toBe('')
    expect(row!.id).toBe(evil.id)
  })
})
