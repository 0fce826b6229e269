import { createStore, del, entries, set, type UseStore } from 'idb-keyval'
import type { SuggestionErrorCode, SuggestionInput, SuggestionReceipt } from '#shared/schemas/suggestion'

/** A suggestion kept on the phone until the server has acknowledged it. */
export interface OutboxItem {
  id: string
  body: SuggestionInput
  /** The place it is about, shown after the kind of suggestion in the list of waiting items (data: Chinese). */
  label: string
  queuedAt: number
  attempts: number
  nextAttemptAt: number
  /** Set when the server refused it for good (a 4xx other than 429): shown, never retried. */
  rejected?: { code: string, message: string }
}

export type SubmitResult
  = | { outcome: 'sent', receipt: SuggestionReceipt }
    | { outcome: 'queued' }
    | { outcome: 'refused', code: SuggestionErrorCode | 'UNKNOWN', message: string, issues: Array<{ path: string, code?: string, message: string }> }

interface ErrorBody {
  message?: string
  data?: { code?: SuggestionErrorCode, issues?: Array<{ path: string, code?: string, message: string }>, retryAfter?: number }
}

function withoutContact(body: SuggestionInput): SuggestionInput {
  if (!('contact' in body)) return body
  const { contact: _contact, ...rest } = body
  return rest as SuggestionInput
}

let idb: UseStore | undefined
const store = () => (idb ??= createStore('yizhan-outbox', 'suggestions'))
let flushing: Promise<void> | undefined

type Attempt = { ok: true, receipt: SuggestionReceipt } | { ok: false, retryAt?: number, refused?: ErrorBody }

async function post(body: SuggestionInput): Promise<Attempt> {
  try {
    const response = await fetch('/api/suggestions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    if (response.ok) return { ok: true, receipt: await response.json() as SuggestionReceipt }
    const error = await response.json().catch(() => ({})) as ErrorBody
    if (response.status === 429) return { ok: false, retryAt: Date.now() + 1000 * Number(response.headers.get('retry-after') ?? 60) }
    if (response.status >= 500 || !error.data?.code) return { ok: false, retryAt: Date.now() + 30_000 }
    return { ok: false, refused: error }
  }
  catch {
    // No answer at all: offline, signal lost, server unreachable. Try again later.
    return { ok: false, retryAt: Date.now() + 15_000 }
  }
}

/**
 * Sends suggestions, and keeps those that could not be sent in IndexedDB ("待发送") until the
 * connection returns. Each carries its idempotency key, so however often it is retried the
 * server stores it once.
 */
export function useOutbox() {
  const items = useState<OutboxItem[]>('outbox-items', () => [])
  const pending = computed(() => items.value.filter(item => !item.rejected))

  async function load() {
    const stored = await entries<string, OutboxItem>(store())
    items.value = stored.map(([, item]) => item).sort((a, b) => a.queuedAt - b.queuedAt)
  }

  async function save(item: OutboxItem) {
    await set(item.id, item, store())
    items.value = [...items.value.filter(i => i.id !== item.id), item].sort((a, b) => a.queuedAt - b.queuedAt)
  }

  async function remove(id: string) {
    await del(id, store())
    items.value = items.value.filter(i => i.id !== id)
  }

  /** Sends now if possible; otherwise queues. A refusal (bad input) is returned, not queued. */
  async function submit(body: SuggestionInput & { id: string }, label: string): Promise<SubmitResult> {
    const attempt = navigator.onLine ? await post(body) : { ok: false as const, retryAt: Date.now() }
    if (attempt.ok) return { outcome: 'sent', receipt: attempt.receipt }
    if (attempt.refused) {
      return { outcome: 'refused', code: attempt.refused.data?.code ?? 'UNKNOWN', message: attempt.refused.message ?? '', issues: attempt.refused.data?.issues ?? [] }
    }
    await save({ id: body.id, body, label, queuedAt: Date.now(), attempts: navigator.onLine ? 1 : 0, nextAttemptAt: attempt.retryAt ?? Date.now() })
    return { outcome: 'queued' }
  }

  /** Tries every waiting item that is due (all of them when `force`). */
  function flush(force = false): Promise<void> {
    flushing ??= (async () => {
      for (const item of [...pending.value]) {
        if (!navigator.onLine) break
        if (!force && item.nextAttemptAt > Date.now()) continue
        const attempt = await post(item.body)
        if (attempt.ok) await remove(item.id)
        // Kept to tell the person it was refused, but without the contact they left (staff never get it).
        else if (attempt.refused) await save({ ...item, body: withoutContact(item.body), rejected: { code: attempt.refused.data?.code ?? 'UNKNOWN', message: attempt.refused.message ?? '' } })
        else await save({ ...item, attempts: item.attempts + 1, nextAttemptAt: attempt.retryAt ?? Date.now() + 30_000 })
      }
    })().finally(() => (flushing = undefined))
    return flushing
  }

  return { items, pending, load, submit, flush, remove }
}
