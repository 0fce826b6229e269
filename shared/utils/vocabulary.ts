/**
 * The fixed vocabularies of the station data: districts, kinds of place, amenities, audiences.
 * The keys are what the YAML files and the URL query use; their words, in each language of the
 * interface, are in i18n/locales/*.json (`kind.rest-station`, `amenity.water`, `district.140702`...).
 */

/** The 11 county-level divisions of 晋中 with their admin codes and a centre point (WGS-84). */
export const DISTRICTS = {
  榆次区: { code: '140702', lat: 37.688, lng: 112.7526 },
  太谷区: { code: '140703', lat: 37.42, lng: 112.55 },
  榆社县: { code: '140721', lat: 37.0678, lng: 112.9678 },
  左权县: { code: '140722', lat: 37.083, lng: 113.383 },
  和顺县: { code: '140723', lat: 37.33, lng: 113.57 },
  昔阳县: { code: '140724', lat: 37.61, lng: 113.71 },
  寿阳县: { code: '140725', lat: 37.89, lng: 113.18 },
  祁县: { code: '140727', lat: 37.36, lng: 112.33 },
  平遥县: { code: '140728', lat: 37.1896, lng: 112.1763 },
  灵石县: { code: '140729', lat: 36.8475, lng: 111.7706 },
  介休市: { code: '140781', lat: 37.027, lng: 111.917 },
} as const

export type District = keyof typeof DISTRICTS
export const DISTRICT_NAMES = Object.keys(DISTRICTS) as [District, ...District[]]

/** A box around 晋中's territory (WGS-84), a little wider than its border. */
export const JINZHONG_BOUNDS = { south: 36.6, north: 38.2, west: 111.3, east: 114.2 } as const

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
