import zhCN from './locales/zh-CN.json?url&no-inline'
import en from './locales/en.json?url&no-inline'

/** Where the build keeps its own copy of each language's messages: a file the service worker precaches. */
const COPIES: Record<string, string> = { 'zh-CN': zhCN, en }

/**
 * The build's own copy of a language's messages, there on weak signal and offline, unlike the module's
 * /_i18n/ route. Fetched as JSON, not imported as a script: data, parsed as such, and not counted as
 * the page's JavaScript.
 */
export async function bundledMessages(locale: string): Promise<Record<string, unknown>> {
  const copy = COPIES[locale]
  if (!copy) throw new Error(`bundledMessages: no copy of '${locale}'`)
  const response = await fetch(copy)
  if (!response.ok) throw new Error(`bundledMessages: ${copy} answered ${response.status}`)
  return await response.json() as Record<string, unknown>
}
