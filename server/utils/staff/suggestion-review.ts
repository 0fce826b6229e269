import type { H3Event } from 'h3'
import type { z } from 'zod'
import type { ReviewAction, StationEdit } from '#shared/schemas/admin'
import type { StationInput } from '#shared/schemas/station'
import type { StationChangesSchema, SuggestionBody } from '#shared/schemas/suggestion'
import type { ReviewOutcome, StaffMember, StationRecord } from '#shared/types/admin'
import { beijingDate } from '#shared/utils/open-state'
import type { Stores, StoredSuggestion } from '../../database/stores'

type Accept = Extract<ReviewAction, { action: 'accept' }>
type Changes = z.output<typeof StationChangesSchema>
type Proposal = Extract<SuggestionBody, { kind: 'new-station' }>

/** Proposed fields that are applied live (all that a correction can propose). */
const LIVE_CHANGE_KEYS = ['name', 'address', 'hours', 'phone', 'amenities', 'arrivalHint', 'location'] as const

export const NEW_STATION_SOURCE = '公众推荐，工作人员核实'

/**
 * A suggestion by id, with the district it concerns as stored (the queue's: its station's, or for a
 * proposal a guess from its position), or 404 SUGGESTION_NOT_FOUND.
 */
export async function findSuggestionForReview(id: string): Promise<StoredSuggestion> {
  const suggestion = await useStores().suggestions.get(id)
  if (!suggestion) throw apiError(404, 'SUGGESTION_NOT_FOUND', '找不到这条建议', { id })
  return suggestion
}

function alreadyReviewed(suggestion: StoredSuggestion): never {
  throw apiError(409, 'SUGGESTION_ALREADY_REVIEWED', '这条建议已经处理过了', { status: suggestion.status })
}

/**
 * Accepts, rejects or marks a pending suggestion as a duplicate. Accepting applies it: a correction's
 * live fields, a problem's `applyStatus`, a confirm's date as last verified, a proposal as a new
 * station. The suggestion, the station and the audit log change together or not at all.
 */
export async function reviewSuggestion(event: H3Event, staff: StaffMember, suggestion: StoredSuggestion, action: ReviewAction): Promise<ReviewOutcome> {
  const stores = useStores()
  if (suggestion.status !== 'pending') alreadyReviewed(suggestion)
  const now = new Date()
  const status = action.action === 'accept' ? 'accepted' : action.action === 'reject' ? 'rejected' : 'duplicate'
  const duplicateOf = action.action === 'duplicate' ? action.duplicateOf : null
  if (duplicateOf && (duplicateOf === suggestion.id || !(await stores.suggestions.get(duplicateOf)))) {
    throw apiError(400, 'DUPLICATE_TARGET_INVALID', '重复的目标建议不存在', { duplicateOf })
  }
  const reason = action.reason ?? null
  // Moving a station to another district needs the right to act there too.
  if (action.action === 'accept' && action.edit?.district) assertMayActIn(staff, action.edit.district)

  // Work out the station change before the transaction (it needs the content dataset, which is async).
  let stationChange: ((tx: Stores) => Promise<{ station: StationRecord, changed: string[] }>) | undefined
  let notApplied: string[] | undefined
  if (action.action === 'accept') {
    if (suggestion.kind === 'new-station') {
      stationChange = await planAddition(event, staff, suggestion, action, now)
    }
    else {
      const base = await findStationBase(event, suggestion.stationId!)
      if (!base) throw apiError(404, 'STATION_NOT_FOUND', '找不到这个站点', { id: suggestion.stationId })
      const { edit, skipped } = editFor(suggestion, action, base.data.lastVerified)
      notApplied = skipped.length ? skipped : undefined
      if (Object.keys(edit).length) {
        stationChange = tx => applyStationEdit(tx, base, edit, { actor: staff.id, reason, action: 'accept-suggestion', suggestionId: suggestion.id, now })
      }
    }
  }

  return stores.transaction(async (tx) => {
    if (!(await tx.suggestions.review(suggestion.id, { status, by: staff.id, reason, duplicateOf }, now))) alreadyReviewed((await tx.suggestions.get(suggestion.id))!)
    const result = await stationChange?.(tx)
    await tx.audit.write({
      actor: staff.id,
      entity: 'suggestion',
      entityId: suggestion.id,
      action: action.action,
      before: { status: suggestion.status },
      after: { status, ...(duplicateOf ? { duplicateOf } : {}), ...(result?.changed.length ? { stationId: result.station.id, changed: result.changed } : {}) },
      reason,
      suggestionId: suggestion.id,
    }, now)
    return { suggestion: { id: suggestion.id, status }, ...(result ? { station: result.station } : {}), ...(notApplied ? { notApplied } : {}) }
  })
}

/** The live edit accepting a station suggestion makes, and the proposed fields it cannot apply. */
function editFor(suggestion: StoredSuggestion, action: Accept, lastVerified: string | undefined): { edit: StationEdit, skipped: string[] } {
  const edit: Record<string, unknown> = {}
  const skipped: string[] = []
  if (suggestion.body.kind === 'correction') {
    const changes: Changes = suggestion.body.changes
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue
      if ((LIVE_CHANGE_KEYS as readonly string[]).includes(key)) edit[key] = value
      else skipped.push(key)
    }
    // A position from the public is a guess until staff check it on site.
    if (changes.location) edit.location = { ...changes.location, precision: 'approximate' }
  }
  if (suggestion.kind === 'confirm') {
    const date = beijingDate(suggestion.createdAt)
    if (!lastVerified || lastVerified < date) edit.lastVerified = date
  }
  if (action.applyStatus) edit.status = action.applyStatus
  return { edit: { ...edit, ...action.edit } as StationEdit, skipped }
}

/** The new station an accepted proposal becomes: the proposal, completed and corrected by staff. */
async function planAddition(event: H3Event, staff: StaffMember, suggestion: StoredSuggestion, action: Accept, now: Date) {
  if (suggestion.body.kind !== 'new-station') throw new Error(`suggestion ${suggestion.id} is not a new-station proposal`)
  const proposal: Proposal = suggestion.body
  const details = action.station ?? {}
  const location = details.location ?? { ...proposal.location, precision: 'approximate' as const }
  const district = details.district ?? nearestDistrict(location)
  assertMayActIn(staff, district)
  const input: StationInput = {
    name: details.name ?? proposal.name,
    kind: details.kind ?? proposal.placeKind,
    district,
    address: (details.address ?? proposal.address)!,
    location,
    amenities: details.amenities ?? proposal.amenities,
    hours: (details.hours ?? proposal.hours)!,
    hoursNote: details.hoursNote,
    phone: details.phone,
    operator: details.operator ?? `${district}总工会`,
    audience: details.audience ?? ['outdoor-workers'],
    arrivalHint: details.arrivalHint,
    description: details.description,
    status: 'open',
    lastVerified: beijingDate(now.toISOString()),
    sample: false,
    source: { name: NEW_STATION_SOURCE },
  }
  const write = await planStationAddition(event, input, { wanted: details.id, fallback: `station-${suggestion.id.slice(0, 8)}` }, 'station.')
  return (tx: Stores) => write(tx, { actor: staff.id, reason: action.reason ?? null, action: 'add', suggestionId: suggestion.id, now })
}
