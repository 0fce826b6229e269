import type { MessageCompiler, MessageContext, MessageFunction } from 'vue-i18n'

/** What vue-i18n's own compiled messages use of the context (marked internal in its types). */
interface FormatContext {
  named: (key: string) => unknown
  interpolate: (value: unknown) => unknown
  normalize: (values: unknown[]) => unknown
}

const cache = new Map<string, MessageFunction<string>>()

/**
 * Turns a message of i18n/locales into a message function, the way vue-i18n's compiler would. Those
 * messages are plain text with `{name}` placeholders only (tests/unit/i18n.test.ts holds them to
 * that), so the phone is spared vue-i18n's full compiler (about 6 KB gzip): @nuxtjs/i18n sends the
 * messages as source text, which would otherwise be compiled on the phone.
 */
export const compileMessage: MessageCompiler = (source) => {
  if (typeof source !== 'string') throw new TypeError('Only source-text messages are expected (i18n/locales/*.json)')
  let compiled = cache.get(source)
  if (!compiled) {
    // Odd items are placeholder names: "至 {when}" -> ['至 ', 'when', ''].
    const parts = source.split(/\{\s*(\w+)\s*\}/)
    compiled = ((ctx: MessageContext<string>) => {
      const format = ctx as unknown as FormatContext
      return format.normalize(parts
        .map((part, i) => (i % 2 ? format.interpolate(format.named(part)) : part))
        .filter((part, i) => i % 2 || part !== ''))
    }) as MessageFunction<string>
    cache.set(source, compiled)
  }
  return compiled
}
