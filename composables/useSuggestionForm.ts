import type { SuggestionInput } from '#shared/schemas/suggestion'

/**
 * The shared schema, and zod with it (26 KB gzip), load with the first send: every station page shows
 * the one-tap confirm button, and none should pay for the forms' validation up front. The service
 * worker precaches the chunk, so offline it loads too; if it cannot, the server still validates.
 */
const loadSchema = () => import('#shared/schemas/suggestion').then(module => module.SuggestionSchema).catch(() => undefined)

type Body = SuggestionInput extends infer T ? T extends unknown ? Omit<T, 'id' | 'fillMs' | 'token'> : never : never
interface Issue { path: string, code?: string }

/**
 * The life of one suggestion form: validation with the shared schema (errors by field path),
 * the form token and the minimum fill time the server measures from it, and sending through the
 * outbox so nothing is lost offline (an item keeps the token it got while the form was open).
 * Errors are kept as field paths and zod issue codes and put into words in the current language
 * (`errors.field.<path>[_<code>]`, else `errors.issue.<code>`): the schema's own messages are Chinese.
 */
export function useSuggestionForm(options: { tokenOnOpen: boolean } = { tokenOnOpen: true }) {
  const { t, te } = useI18n()
  const { words } = useRegion()
  const outbox = useOutbox()
  // A form asks for its token as it opens, so the time spent on it counts; the one-tap confirm,
  // shown on every station page, only when tapped (it needs no reading time).
  const token = useSuggestionToken()
  const issues = ref<Record<string, string | undefined>>({})
  const formErrorKey = ref('')
  const state = ref<'idle' | 'sending' | 'sent' | 'queued'>('idle')
  // One id per attempt at this form: a retry after a failure reuses it, so the server stores it once.
  let id = uuidv4()

  onMounted(() => {
    if (options.tokenOnOpen) token.start()
  })

  function describe(path: string, code?: string): string {
    const field = `errors.field.${path.replaceAll('.', '_')}`
    const candidates = [code && `${field}_${code}`, field, code && `errors.issue.${code}`]
    const key = candidates.find((k): k is string => !!k && te(k))
    return t(key ?? 'errors.issue.default', words.value)
  }

  /** Field path → message, in the current language. */
  const errors = computed<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(issues.value).map(([path, code]) => [path, describe(path, code)])))
  const formError = computed(() => (formErrorKey.value ? t(formErrorKey.value) : ''))

  /** Marks fields as wrong (first issue per field wins) and says so above the submit button. */
  function showIssues(list: Issue[], formKey = 'errors.form') {
    const next: Record<string, string | undefined> = {}
    for (const issue of list) {
      const path = issue.path || 'form'
      if (!(path in next)) next[path] = issue.code
    }
    issues.value = next
    formErrorKey.value = formKey
  }

  async function send(body: Body, label: string) {
    if (state.value === 'sending') return
    formErrorKey.value = ''
    state.value = 'sending'
    const full = { ...body, id } as SuggestionInput & { id: string }
    const checked = (await loadSchema())?.safeParse(full)
    if (checked && !checked.success) {
      state.value = 'idle'
      showIssues(checked.error.issues.map(i => ({ path: i.path.map(String).join('.'), code: i.code })))
      return
    }
    issues.value = {}
    const { token: signed, waitMs } = await token.forSending(body.kind !== 'confirm')
    if (waitMs > 0) await new Promise(resolve => setTimeout(resolve, waitMs))
    if (signed) full.token = signed
    const result = await outbox.submit(full, label)
    if (result.outcome === 'refused') {
      state.value = 'idle'
      showIssues(result.issues, te(`apiError.${result.code}`) ? `apiError.${result.code}` : 'apiError.UNKNOWN')
      return
    }
    state.value = result.outcome
  }

  /** Starts a fresh suggestion (a new idempotency key). */
  function reset() {
    id = uuidv4()
    if (options.tokenOnOpen) token.start()
    issues.value = {}
    formErrorKey.value = ''
    state.value = 'idle'
  }

  return { errors, formError, state, send, reset, showIssues }
}
