import { z } from './zod'
import { LocationSchema, StationIdSchema } from './location'
import { AMENITY_KEYS, KIND_KEYS } from '../utils/vocabulary'

/** Reasons a person can give when a station is not as the map says (words: `problemReason.*` in i18n/locales). */
export const PROBLEM_REASON_KEYS = ['closed', 'locked', 'moved', 'equipment-broken', 'first-aid-empty', 'other'] as const
export type ProblemReason = typeof PROBLEM_REASON_KEYS[number]

/** The kinds of suggestion (words: `suggestionKind.*`). */
export const SUGGESTION_KIND_KEYS = ['new-station', 'correction', 'problem', 'confirm'] as const
export type SuggestionKind = typeof SUGGESTION_KIND_KEYS[number]

export const SUGGESTION_STATUSES = ['pending', 'accepted', 'rejected', 'duplicate'] as const
export type SuggestionStatus = typeof SUGGESTION_STATUSES[number]

/** A form token's shape: when the server issued it (ms since 1970), and its HMAC (server/utils/suggestions/token.ts). */
export const SUGGESTION_TOKEN_PATTERN = /^\d{1,15}\.[\w-]{22}$/

/**
 * Why a suggestion the server stored is marked for review (staff see it; `admin.queue.unverified.*`):
 * it came without a form token (written offline, or an older app), with one the server did not sign,
 * or with one older than a day. Null: the token checked out.
 */
export const UNVERIFIED_REASONS = ['no-token', 'bad-token', 'expired-token'] as const
export type UnverifiedReason = typeof UNVERIFIED_REASONS[number]

const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字`)
const optionalText = (max: number) => text(max).optional().transform(v => (v ? v : undefined))

/** Fields every suggestion carries. */
const base = {
  /** Client-generated UUID: the idempotency key. The same id sent twice is stored once. */
  id: z.uuid({ message: '缺少有效的提交编号' }),
  /** Optional phone or WeChat id so staff can ask back; stored, never shown publicly. */
  contact: optionalText(50),
  /** Honeypot: a hidden field people never fill in. */
  website: z.string().max(200).optional(),
  /**
   * What older versions of the form sent as their fill time. Accepted so their outbox items still
   * arrive, never believed: the server measures the fill time from `token`.
   */
  fillMs: z.number().int().min(0).max(7 * 86_400_000).optional(),
  /** The signed token the form got from `GET /api/suggestions/token` when it opened (`<issued ms>.<mac>`). */
  token: z.string().regex(SUGGESTION_TOKEN_PATTERN, '表单令牌无效').optional(),
}

/** What a person can propose to change about a station. At least one field. */
export const StationChangesSchema = z.object({
  name: text(60).min(2, '名称至少 2 个字').optional(),
  address: text(120).min(2, '地址至少 2 个字').optional(),
  arrivalHint: text(200).optional(),
  hours: text(100).min(1).optional(),
  phone: z.string().trim().regex(/^\+?[\d-]{3,20}$/, '电话只能包含数字和 -').optional(),
  amenities: z.array(z.enum(AMENITY_KEYS)).max(AMENITY_KEYS.length)
    .refine(list => new Set(list).size === list.length, '设施重复').optional(),
  location: LocationSchema.omit({ precision: true }).optional(),
}).strict().refine(changes => Object.values(changes).some(v => v !== undefined), {
  message: '请至少修改一项信息',
  // Only when the fields themselves are fine: an unknown field already says what is wrong.
  when: payload => payload.issues.length === 0,
})

export const NewStationSuggestionSchema = z.object({
  ...base,
  kind: z.literal('new-station'),
  name: text(60).min(2, '请填写名称（至少 2 个字）'),
  placeKind: z.enum(KIND_KEYS).default('rest-station'),
  location: LocationSchema.omit({ precision: true }),
  amenities: z.array(z.enum(AMENITY_KEYS)).max(AMENITY_KEYS.length).default([])
    .refine(list => new Set(list).size === list.length, '设施重复'),
  hours: optionalText(100),
  address: optionalText(200),
}).strict()

export const CorrectionSuggestionSchema = z.object({
  ...base,
  kind: z.literal('correction'),
  stationId: StationIdSchema,
  changes: StationChangesSchema,
  note: optionalText(500),
}).strict()

export const ProblemSuggestionSchema = z.object({
  ...base,
  kind: z.literal('problem'),
  stationId: StationIdSchema,
  reason: z.enum(PROBLEM_REASON_KEYS, { message: '请选择一个问题' }),
  note: optionalText(500),
}).strict().refine(s => s.reason !== 'other' || !!s.note, { message: '选择“其他问题”时请简单说明', path: ['note'] })

export const ConfirmSuggestionSchema = z.object({
  ...base,
  kind: z.literal('confirm'),
  stationId: StationIdSchema,
}).strict()

/**
 * A suggestion from the public, as the form sends it and the server validates it:
 * the single definition of the shape (`POST /api/suggestions`).
 */
export const SuggestionSchema = z.discriminatedUnion('kind', [
  NewStationSuggestionSchema,
  CorrectionSuggestionSchema,
  ProblemSuggestionSchema,
  ConfirmSuggestionSchema,
])

export type SuggestionInput = z.input<typeof SuggestionSchema>
export type Suggestion = z.output<typeof SuggestionSchema>

/** A suggestion as stored and shown to staff: what was sent, without the contact (kept apart), the honeypot and the form token. */
export type SuggestionBody = Suggestion extends infer S ? S extends Suggestion ? Omit<S, 'contact' | 'website' | 'token'> : never : never

/** What the server answers for an accepted suggestion. */
export interface SuggestionReceipt {
  id: string
  status: SuggestionStatus
}

/** `GET /api/suggestions/token`: a form token, and how long the server wants a form filled in before it is sent. */
export interface SuggestionToken {
  token: string
  minFillMs: number
}

/**
 * Stable error codes of `POST /api/suggestions`, for the client to explain in its own language
 * (`apiError.<code>` in i18n/locales).
 */
export const SUGGESTION_ERROR_CODES = [
  'INVALID_JSON',
  'VALIDATION_FAILED',
  'UNKNOWN_STATION',
  'TOO_FAST',
  'SPAM_SUSPECTED',
  'IDEMPOTENCY_KEY_REUSED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
] as const
export type SuggestionErrorCode = typeof SUGGESTION_ERROR_CODES[number]
