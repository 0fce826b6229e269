import { SUGGESTION_ERROR_CODES, SuggestionSchema, type SuggestionInput } from '#shared/schemas/suggestion'

/** The server asks for this much time on a form before it believes a person filled it in. */
const MIN_FILL_MS = 3000

type Body = SuggestionInput extends infer T ? T extends unknown ? Omit<T, 'id' | 'fillMs'> : never : never

/**
 * The life of one suggestion form: validation with the shared schema (errors by field path),
 * the minimum fill time, and sending through the outbox so nothing is lost offline.
 */
export function useSuggestionForm() {
  const outbox = useOutbox()
  const openedAt = ref(Date.now())
  const errors = ref<Record<string, string>>({})
  const formError = ref('')
  const state = ref<'idle' | 'sending' | 'sent' | 'queued'>('idle')
  // One id per attempt at this form: a retry after a failure reuses it, so the server stores it once.
  let id = uuidv4()

  onMounted(() => (openedAt.value = Date.now()))

  function showIssues(issues: Array<{ path: string, message: string }>) {
    const next: Record<string, string> = {}
    for (const issue of issues) next[issue.path || 'form'] ??= issue.message
    errors.value = next
  }

  async function send(body: Body, label: string) {
    if (state.value === 'sending') return
    formError.value = ''
    const full = { ...body, id, fillMs: Date.now() - openedAt.value } as SuggestionInput & { id: string }
    const checked = SuggestionSchema.safeParse(full)
    if (!checked.success) {
      showIssues(checked.error.issues.map(i => ({ path: i.path.map(String).join('.'), message: i.message })))
      formError.value = '有内容需要修改，请看标红的地方。'
      return
    }
    errors.value = {}
    state.value = 'sending'
    const wait = MIN_FILL_MS - (Date.now() - openedAt.value)
    if (body.kind !== 'confirm' && wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
    full.fillMs = Date.now() - openedAt.value
    const result = await outbox.submit(full, label)
    if (result.outcome === 'refused') {
      state.value = 'idle'
      showIssues(result.issues)
      formError.value = result.code in SUGGESTION_ERROR_CODES ? SUGGESTION_ERROR_CODES[result.code as keyof typeof SUGGESTION_ERROR_CODES] : result.message
      return
    }
    state.value = result.outcome
  }

  /** Starts a fresh suggestion (a new idempotency key). */
  function reset() {
    id = uuidv4()
    openedAt.value = Date.now()
    errors.value = {}
    formError.value = ''
    state.value = 'idle'
  }

  return { errors, formError, state, send, reset }
}
