/**
 * The languages of the interface. Place data (names, addresses, operators, notes) is Chinese in
 * every language; only the interface around it is translated (i18n/locales/*.json).
 */
export const UI_LOCALES = ['zh-CN', 'en'] as const
export type UiLocale = typeof UI_LOCALES[number]
export const DEFAULT_LOCALE: UiLocale = 'zh-CN'

export const isUiLocale = (value: unknown): value is UiLocale => UI_LOCALES.includes(value as UiLocale)

/** Looks a message up by key: vue-i18n's `t` in the app, the locale files themselves in unit tests. */
export type Translate = (key: string, params?: Record<string, string | number>) => string

/** What a shared helper needs to speak the interface's language, without depending on vue-i18n. */
export interface UiText {
  t: Translate
  locale: UiLocale
}
