/**
 * The build's own copy of a language's messages: a lazy chunk the service worker precaches with the
 * rest of the JavaScript, so it is there on weak signal and offline, unlike the module's /_i18n/ route.
 */
export async function bundledMessages(locale: string): Promise<Record<string, unknown>> {
  return (await import(`./locales/${locale}.json`)).default
}
