/** The build's own copy of each language's messages (by file: ./locales/zh-CN.json), a file the service worker precaches. */
const COPIES = import.meta.glob<string>('./locales/*.json', { query: '?url&no-inline', import: 'default', eager: true })

/**
 * The build's own copy of a language's messages, there on weak signal and offline, unlike the module's
 * /_i18n/ route. Fetched as JSON, not imported as a script: data, parsed as such, and not counted as
 * the page's JavaScript.
 */
export async function bundledMessages(locale: string): Promise<Record<string, unknown>> {
  const copy = COPIES[`./locales/${locale}.json`]
  if (!copy) throw new Error(`bundledMessages: no copy of '${locale}'`)
  const response = await fetch(copy)
  if (!response.ok) throw new Error(`bundledMessages: ${copy} answered ${response.status}`)
  return await response.json() as Record<string, unknown>
}
