import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { UI_LOCALES, type UiLocale, type UiText } from '../../shared/utils/locale'

/** A nested message tree as in i18n/locales/<locale>.json. */
export interface MessageTree { [key: string]: string | MessageTree }

const dir = resolve(import.meta.dirname, '../../i18n/locales')
export const MESSAGES = Object.fromEntries(UI_LOCALES.map(locale =>
  [locale, JSON.parse(readFileSync(resolve(dir, `${locale}.json`), 'utf8')) as MessageTree])) as Record<UiLocale, MessageTree>

export function lookup(tree: MessageTree, key: string): string | MessageTree | undefined {
  return key.split('.').reduce<string | MessageTree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree)
}

/** The locale files as a translator for shared helpers, with vue-i18n's `{name}` placeholders. */
export function uiText(locale: UiLocale): UiText {
  return {
    locale,
    t: (key, params = {}) => {
      const message = lookup(MESSAGES[locale], key)
      if (typeof message !== 'string') throw new Error(`no message ${key} in ${locale}`)
      return message.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]))
    },
  }
}
