import { setCookie } from 'h3'
import { isUiLocale } from '#shared/utils/locale'

// The language switch is a plain link to the same page with `?lang=en`, so it works before the
// JavaScript has loaded too: remember the choice, switch, and go back to the URL without `lang`
// (shared links such as /?amenity=water stay the same in every language).
export default defineNuxtRouteMiddleware(async (to) => {
  const lang = to.query.lang
  if (lang === undefined) return
  const { lang: _, ...query } = to.query
  if (isUiLocale(lang)) {
    if (import.meta.server) {
      // A redirect ends the render before useCookie would write its header.
      const event = useRequestEvent()
      if (event) setCookie(event, LOCALE_COOKIE, lang, LOCALE_COOKIE_OPTIONS)
    }
    else {
      useCookie(LOCALE_COOKIE, LOCALE_COOKIE_OPTIONS).value = lang
      await useNuxtApp().$i18n.setLocale(lang)
    }
  }
  return navigateTo({ path: to.path, query, hash: to.hash }, { replace: true, redirectCode: 303 })
})
