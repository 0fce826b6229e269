import type { MessageCompiler, MessageContext, MessageFunction } from 'vue-i18n'

/** What vue-i18n's own compiled messages use of the context (marked internal in its types). */
interface FormatContext {
  named: (key: string) => unknown
  interpolate: (value: unknown) => unknown
  normalize: (values: unknown[]) => unknown
}

/** A message as the build precompiles it (JSON imported in code): text and named placeholders only. */
interface MessageAst {
  b?: MessageBody
  body?: MessageBody
}
interface MessageBody {
  s?: string
  static?: string
  i?: MessageItem[]
  items?: MessageItem[]
}
interface MessageItem { t?: number, type?: number, v?: string, value?: string, k?: string, key?: string }

/** Text, with placeholder names at the odd positions: "至 {when}" -> ['至 ', 'when', '']. */
function parts(source: string | MessageAst): string[] {
  if (typeof source === 'string') return source.split(/\{\s*(\w+)\s*\}/)
  const body = source.b ?? source.body ?? {}
  const fixed = body.s ?? body.static
  if (fixed !== undefined) return [fixed]
  const result = ['']
  for (const item of body.i ?? body.items ?? []) {
    if ((item.t ?? item.type) === 4) result.push(item.k ?? item.key ?? '', '')
    else result[result.length - 1] += item.v ?? item.value ?? ''
  }
  return result
}

const cache = new Map<string, MessageFunction<string>>()

/**
 * Turns a message of i18n/locales into a message function, the way vue-i18n's compiler would. Those
 * messages are plain text with `{name}` placeholders only (tests/unit/i18n.test.ts holds them to
 * that), so the phone is spared vue-i18n's full compiler (about 6 KB gzip): @nuxtjs/i18n sends the
 * messages as source text, which would otherwise be compiled on the phone.
 */
export const compileMessage: MessageCompiler = (source) => {
  const key = typeof source === 'string' ? source : JSON.stringify(source)
  let compiled = cache.get(key)
  if (!compiled) {
    const pieces = parts(source as string | MessageAst)
    compiled = ((ctx: MessageContext<string>) => {
      const format = ctx as unknown as FormatContext
      return format.normalize(pieces
        .map((piece, i) => (i % 2 ? format.interpolate(format.named(piece)) : piece))
        .filter((piece, i) => i % 2 || piece !== ''))
    }) as MessageFunction<string>
    cache.set(key, compiled)
  }
  return compiled
}
