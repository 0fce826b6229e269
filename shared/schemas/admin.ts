import { z } from './zod'
import { isValidOpeningHours } from './opening-hours'
import { AMENITY_KEYS, AUDIENCE_KEYS, KIND_KEYS, STATUS_KEYS } from '../utils/vocabulary'
import { DistrictSchema } from './district'
import { LocationSchema, StationIdSchema } from './location'
import { SUGGESTION_KIND_KEYS, SUGGESTION_STATUSES } from './suggestion'

// The staff workspace's request bodies (issue 4). Admin pages only: station.ts's opening_hours
// parser comes along, which the public pages never load from here.

export const STAFF_ROLES = ['admin', 'editor'] as const
export type StaffRole = typeof STAFF_ROLES[number]

/** Shortest password a staff account may have. */
export const STAFF_PASSWORD_MIN_LENGTH = 10

const isoDate = z.iso.date({ message: '日期应为有效的 YYYY-MM-DD' })
const reasonText = z.string().trim().max(500, '最多 500 个字')
const email = z.string().trim().toLowerCase().max(254).pipe(z.email({ message: '邮箱格式不对' }))
const password = z.string().min(STAFF_PASSWORD_MIN_LENGTH, `密码至少 ${STAFF_PASSWORD_MIN_LENGTH} 个字符`).max(256)
const hours = z.string().trim().min(1).max(200).refine(isValidOpeningHours, '营业时间不是有效的 opening_hours 语法')
const amenities = z.array(z.enum(AMENITY_KEYS)).max(AMENITY_KEYS.length).refine(list => new Set(list).size === list.length, '设施重复')
const phone = z.string().trim().regex(/^\+?[\d-]{3,20}$/, '电话只能包含数字和 -')

/**
 * The fields staff may change on a live station (stored as an overlay on the content dataset): every
 * field of the station schema. `null` removes an optional field, e.g. the status note when a station
 * opens again.
 */
export const StationEditFields = {
  name: z.string().trim().min(2, '名称至少 2 个字').max(60, '名称最多 60 个字').optional(),
  kind: z.enum(KIND_KEYS, { message: '没有这个站点类型' }).optional(),
  district: DistrictSchema.optional(),
  address: z.string().trim().min(2, '地址至少 2 个字').max(120, '地址最多 120 个字').optional(),
  location: LocationSchema.optional(),
  hours: hours.optional(),
  hoursNote: z.string().trim().max(200, '最多 200 个字').nullable().optional(),
  amenities: amenities.optional(),
  phone: phone.nullable().optional(),
  operator: z.string().trim().min(2, '运营单位至少 2 个字').max(80, '运营单位最多 80 个字').optional(),
  audience: z.array(z.enum(AUDIENCE_KEYS)).min(1, '至少选择一类服务对象').refine(list => new Set(list).size === list.length, '服务对象重复').optional(),
  arrivalHint: z.string().trim().max(200, '最多 200 个字').nullable().optional(),
  description: z.string().trim().max(500, '最多 500 个字').nullable().optional(),
  status: z.enum(STATUS_KEYS).optional(),
  statusNote: z.string().trim().max(200, '最多 200 个字').nullable().optional(),
  expectedReopen: isoDate.nullable().optional(),
  lastVerified: isoDate.nullable().optional(),
  sample: z.boolean().optional(),
  source: z.object({
    name: z.string().trim().min(2, '来源至少 2 个字').max(200, '来源最多 200 个字'),
    // Only web links: a javascript: or data: URL must never become a link on a page.
    url: z.url({ protocol: /^https?$/, message: '链接应以 http:// 或 https:// 开头' }).max(500).optional(),
    note: z.string().trim().max(300, '最多 300 个字').optional(),
  }).strict().optional(),
}

/** Keys of the station fields an overlay may hold. */
export const STATION_EDIT_KEYS = Object.keys(StationEditFields) as Array<keyof typeof StationEditFields>

const hasAnyField = (value: Record<string, unknown>) => STATION_EDIT_KEYS.some(key => value[key] !== undefined)

/** A change to a live station: at least one field. */
export const StationEditSchema = z.object(StationEditFields).strict()
  .refine(hasAnyField, { message: '请至少修改一项信息', when: payload => payload.issues.length === 0 })
export type StationEdit = z.output<typeof StationEditSchema>

/** `PATCH /api/admin/stations/:id`: the changed fields and why (kept in the station's history). */
export const StationPatchSchema = z.object({ ...StationEditFields, reason: reasonText.min(2, '请写明修改原因') }).strict()
  .refine(hasAnyField, { message: '请至少修改一项信息', when: payload => payload.issues.length === 0 })
export type StationPatch = z.output<typeof StationPatchSchema>

/** Fields a new station must be given (amenities default to none, the rest are optional). */
const REQUIRED_STATION_KEYS = { name: true, kind: true, district: true, address: true, location: true, hours: true, operator: true, audience: true, sample: true, source: true } as const

/** `POST /api/admin/stations`: a new station from the workspace, every field the schema has, and why. */
export const StationCreateSchema = z.object({
  ...StationEditFields,
  id: StationIdSchema.optional(),
  reason: reasonText.min(2, '请写明新增原因'),
}).strict().required(REQUIRED_STATION_KEYS)
export type StationCreate = z.output<typeof StationCreateSchema>

/** `POST /api/admin/stations/:id/retire` and `/restore`. */
export const StationRetireSchema = z.object({
  reason: reasonText.min(2, '请写明原因'),
}).strict()

/** What staff add to a new-station proposal before it goes on the map (anything the proposal lacks). */
export const NewStationDetailsSchema = z.object({
  id: StationIdSchema.optional(),
  name: z.string().trim().min(2).max(60).optional(),
  kind: z.enum(KIND_KEYS).optional(),
  district: DistrictSchema.optional(),
  address: z.string().trim().min(2).max(120).optional(),
  location: LocationSchema.optional(),
  amenities: amenities.optional(),
  hours: hours.optional(),
  hoursNote: z.string().trim().max(200).optional(),
  phone: phone.optional(),
  operator: z.string().trim().min(2).max(80).optional(),
  audience: z.array(z.enum(AUDIENCE_KEYS)).min(1).optional(),
  arrivalHint: z.string().trim().max(200).optional(),
  description: z.string().trim().max(500).optional(),
}).strict()
export type NewStationDetails = z.output<typeof NewStationDetailsSchema>

/**
 * `PATCH /api/admin/suggestions/:id`. Accept applies the suggestion (plus `applyStatus` for a
 * problem report, `edit` to adjust what a correction proposes, `station` to complete a proposal);
 * reject needs a reason; duplicate names the suggestion it repeats.
 */
export const ReviewActionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('accept'),
    reason: reasonText.optional(),
    applyStatus: z.enum(STATUS_KEYS).optional(),
    edit: z.object(StationEditFields).strict().optional(),
    station: NewStationDetailsSchema.optional(),
  }).strict(),
  z.object({
    action: z.literal('reject'),
    reason: reasonText.min(2, '拒绝时请写明原因'),
  }).strict(),
  z.object({
    action: z.literal('duplicate'),
    duplicateOf: z.uuid({ message: '请指明重复的是哪一条建议' }),
    reason: reasonText.optional(),
  }).strict(),
])
export type ReviewAction = z.output<typeof ReviewActionSchema>

/** `POST /api/auth/login`. */
export const LoginSchema = z.object({
  email,
  password: z.string().min(1).max(256),
}).strict()

/** `POST /api/admin/staff`. */
export const StaffCreateSchema = z.object({
  email,
  password,
  role: z.enum(STAFF_ROLES),
  /** Limits an editor to one district; absent or null: every district. */
  district: DistrictSchema.nullable().optional(),
}).strict()
export type StaffCreate = z.output<typeof StaffCreateSchema>

/** `POST /api/admin/staff`: without a password, the server makes one and shows it once. */
export const StaffAddSchema = StaffCreateSchema.extend({ password: password.optional() }).strict()

/** `PATCH /api/admin/staff/:id`: at least one change. */
export const StaffUpdateSchema = z.object({
  role: z.enum(STAFF_ROLES).optional(),
  district: DistrictSchema.nullable().optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
  /** A new password made by the server, shown once in the answer. */
  resetPassword: z.literal(true, { message: 'resetPassword 只能是 true' }).optional(),
}).strict()
  .refine(value => Object.values(value).some(v => v !== undefined), { message: '没有要修改的内容', when: payload => payload.issues.length === 0 })
  .refine(value => !(value.password && value.resetPassword), { message: '设置密码和重置密码只能选一个', path: ['resetPassword'], when: payload => payload.issues.length === 0 })
export type StaffUpdate = z.output<typeof StaffUpdateSchema>

const page = z.coerce.number({ message: '页码应为 1 到 10000 的整数' }).int({ message: '页码应为 1 到 10000 的整数' }).min(1, '页码应为 1 到 10000 的整数').max(10_000, '页码应为 1 到 10000 的整数').default(1)

/** `GET /api/admin/suggestions` query. */
export const SuggestionQuerySchema = z.object({
  kind: z.enum(SUGGESTION_KIND_KEYS).optional(),
  status: z.enum(SUGGESTION_STATUSES).optional(),
  district: DistrictSchema.optional(),
  stationId: StationIdSchema.optional(),
  page,
})
export type SuggestionQuery = z.output<typeof SuggestionQuerySchema>

/** How the workspace's station list can be sorted. */
export const STATION_SORTS = ['name', 'district', 'lastVerified'] as const
export type StationSort = typeof STATION_SORTS[number]

const unverifiedDays = '天数应为 1 到 3650 的整数'

/** `GET /api/admin/stations` query. */
export const StationListQuerySchema = z.object({
  /** Name, address, district or pinyin initials, as on the public map. */
  q: z.string().trim().max(50, '搜索词最多 50 个字').optional(),
  district: DistrictSchema.optional(),
  kind: z.enum(KIND_KEYS, { message: '没有这个站点类型' }).optional(),
  status: z.enum(STATUS_KEYS, { message: `状态应为 ${STATUS_KEYS.join('、')} 之一` }).optional(),
  /** Only stations never verified, or not verified for this many days. */
  unverifiedDays: z.coerce.number({ message: unverifiedDays }).int({ message: unverifiedDays }).min(1, unverifiedDays).max(3650, unverifiedDays).optional(),
  sort: z.enum(STATION_SORTS, { message: `排序应为 ${STATION_SORTS.join('、')} 之一` }).default('name'),
  /** `1`: the retired stations instead of those on the map. */
  retired: z.enum(['0', '1'], { message: 'retired 应为 0 或 1' }).optional().transform(value => value === '1'),
  page,
})
export type StationListQuery = z.output<typeof StationListQuerySchema>

/** The attention list's parts, each paged on its own. */
export const ATTENTION_SECTIONS = ['stale', 'problems', 'stationBursts', 'clientBursts'] as const
export type AttentionSection = typeof ATTENTION_SECTIONS[number]

/** `GET /api/admin/attention` query. */
export const AttentionQuerySchema = z.object({
  district: DistrictSchema.optional(),
  /** The list `page` applies to; the others answer their first page. */
  section: z.enum(ATTENTION_SECTIONS, { message: `section 应为 ${ATTENTION_SECTIONS.join('、')} 之一` }).optional(),
  page,
})

/**
 * Stable error codes of the staff API, for the admin pages to explain in their own words
 * (besides VALIDATION_FAILED, INVALID_JSON, UNSUPPORTED_MEDIA_TYPE, PAYLOAD_TOO_LARGE, RATE_LIMITED).
 */
export const STAFF_ERROR_CODES = [
  'INVALID_CREDENTIALS',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CROSS_SITE',
  'AUTH_NOT_CONFIGURED',
  'STATION_NOT_FOUND',
  'SUGGESTION_NOT_FOUND',
  'SUGGESTION_ALREADY_REVIEWED',
  'DUPLICATE_TARGET_INVALID',
  'STATION_ID_TAKEN',
  'STATION_RETIRED',
  'STATION_NOT_RETIRED',
  'STAFF_NOT_FOUND',
  'STAFF_EXISTS',
  'LAST_ADMIN',
  'API_NOT_FOUND',
  'INVALID_FORM',
  'IMPORT_NOT_FOUND',
  'IMPORT_CRS_NEEDED',
  'IMPORT_STALE',
  'IMPORT_CHANGED_SINCE',
  'IMPORT_NOT_PREVIEW',
  'IMPORT_NOT_APPLIED',
  'IMPORT_EXPIRED',
  'IMPORT_ROWS_INVALID',
  'IMPORT_NOTHING_CHOSEN',
  'IMPORT_NO_FILE',
  'IMPORT_NO_HEADER',
  'IMPORT_MISSING_COLUMNS',
  'IMPORT_DUPLICATE_COLUMN',
  'IMPORT_UNREADABLE',
  'IMPORT_EMPTY',
  'IMPORT_TOO_MANY_ROWS',
] as const
export type StaffErrorCode = typeof STAFF_ERROR_CODES[number]

/** `POST /api/admin/imports/:id/apply`: the spreadsheet rows to write (default: every good row). */
export const ImportApplySchema = z.object({
  lines: z.array(z.int().min(1).max(1_000_000)).max(10_000).optional(),
}).strict()
export type ImportApply = z.output<typeof ImportApplySchema>
