/**
 * The fixed vocabularies of the station data: districts, kinds of place, amenities, audiences.
 * Labels are Simplified Chinese; the keys are what the YAML files and the URL query use.
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

export const KINDS = {
  'rest-station': { label: '爱心驿站', short: '驿站', color: '#c62828', symbol: '驿' },
  'nursing-room': { label: '妈咪小屋', short: '母婴', color: '#ad1457', symbol: '母' },
  'counselling': { label: '心理咨询室', short: '心理', color: '#6a1b9a', symbol: '心' },
  'sports': { label: '体育场馆', short: '体育', color: '#1565c0', symbol: '体' },
  'education': { label: '教育基地', short: '教育', color: '#4e342e', symbol: '教' },
  'legal-aid': { label: '法律援助·12351', short: '法援', color: '#00695c', symbol: '法' },
  'health-aid': { label: '医疗救助', short: '医疗', color: '#2e7d32', symbol: '医' },
  'jobs': { label: '就业服务', short: '就业', color: '#e65100', symbol: '业' },
} as const

export type Kind = keyof typeof KINDS
export const KIND_KEYS = Object.keys(KINDS) as [Kind, ...Kind[]]

export const AMENITIES = {
  'water': { label: '饮水', icon: '💧' },
  'hot-meals': { label: '微波炉热饭', icon: '🍱' },
  'seating': { label: '休息座椅', icon: '🪑' },
  'toilet': { label: '厕所', icon: '🚻' },
  'phone-charging': { label: '手机充电', icon: '🔌' },
  'ebike-charging': { label: '电动车充电', icon: '🛵' },
  'wifi': { label: '无线WiFi', icon: '📶' },
  'books': { label: '图书', icon: '📚' },
  'first-aid': { label: '急救药箱', icon: '⛑️' },
  'cooling': { label: '避暑纳凉', icon: '❄️' },
  'heating': { label: '取暖', icon: '🔥' },
  'rain-gear': { label: '雨具', icon: '☂️' },
  'nursing': { label: '哺乳设施', icon: '🍼' },
} as const

export type Amenity = keyof typeof AMENITIES
export const AMENITY_KEYS = Object.keys(AMENITIES) as [Amenity, ...Amenity[]]

export const AUDIENCES = {
  'outdoor-workers': '所有户外劳动者',
  'all-workers': '所有职工',
  'members': '工会会员',
  'women-workers': '女职工',
  'public': '所有人',
} as const

export type Audience = keyof typeof AUDIENCES
export const AUDIENCE_KEYS = Object.keys(AUDIENCES) as [Audience, ...Audience[]]

export const STATUSES = {
  'open': '正常服务',
  'temporarily-closed': '暂停服务',
  'closed': '已关闭',
} as const

export type Status = keyof typeof STATUSES
export const STATUS_KEYS = Object.keys(STATUSES) as [Status, ...Status[]]

/** How sure the coordinates are: `exact` (checked on site), `approximate` (town or street level). */
export const PRECISIONS = {
  exact: '位置已核实',
  approximate: '位置为大致位置',
} as const

export type Precision = keyof typeof PRECISIONS
export const PRECISION_KEYS = Object.keys(PRECISIONS) as [Precision, ...Precision[]]
