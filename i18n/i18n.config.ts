import { compileMessage } from './compile-message'

export default defineI18nConfig(() => ({
  messageCompiler: compileMessage,
  // Said in production builds too (vue-i18n's own warning is dev-only), so browser tests see it.
  missing: (locale: string, key: string) => console.warn(`[i18n] Not found '${key}' key in '${locale}' locale messages.`),
}))
