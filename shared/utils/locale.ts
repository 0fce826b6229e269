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

/**
 * Message groups that only some pages use, and the paths of those pages: the staff workspace's
 * (a third of the catalogue), open data's and the poster's. Other pages leave them out of the
 * messages they carry (plugins/i18n-payload.server.ts): they are completed from the build's own copy
 * once the page is up, or before the first navigation if that comes sooner (modules/i18n-hydration).
 */
export const PAGE_MESSAGE_GROUPS: Readonly<Record<string, (path: string) => boolean>> = {
  admin: path => path === '/admin' || path.startsWith('/admin/'),
  openData: path => path === '/open-data',
  poster: path => /^\/stations\/[^/]+\/poster$/.test(path),
}

/** Whether a page at `path` needs the messages of `group`. */
export const pageNeeds = (group: string, path: string) => PAGE_MESSAGE_GROUPS[group]?.(path.replace(/\/+$/, '') || '/') ?? true
