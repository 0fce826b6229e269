import type { CookieOptions } from '#app'
import { DEFAULT_LOCALE, UI_LOCALES, isUiLocale, type UiLocale } from '#shared/utils/locale'

/** The cookie that remembers the language a person chose; nothing else changes the language. */
export const LOCALE_COOKIE = 'i18n_lang'
export const LOCALE_COOKIE_OPTIONS = { maxAge: 365 * 86_400, sameSite: 'lax', path: '/' } satisfies CookieOptions

/** The interface language, the other one to offer, and the link that switches to it. */
export function useLanguage() {
  const { locale } = useI18n()
  const route = useRoute()
  const current = computed<UiLocale>(() => (isUiLocale(locale.value) ? locale.value : DEFAULT_LOCALE))
  const other = computed<UiLocale>(() => UI_LOCALES.find(code => code !== current.value) ?? DEFAULT_LOCALE)
  // Same page, same query, plus `lang`: middleware/language.global.ts remembers it and drops it again.
  const switchLink = computed(() => ({ path: route.path, query: { ...route.query, lang: other.value }, hash: route.hash }))
  return { current, other, switchLink }
}
