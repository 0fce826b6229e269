const SUNLIGHT_COOKIE = 'sunlight'
const SUNLIGHT_COOKIE_OPTIONS = { maxAge: 365 * 86_400, sameSite: 'lax', path: '/' } as const

/**
 * Sunlight mode: larger text and maximum contrast for reading outdoors. Kept in a cookie, so the
 * server renders the page in this mode from the first paint (a class on <html>, set in app.vue).
 * The cookie is read where the state starts (the server, or a page rendered in the browser) and
 * written on a toggle: useCookie in every component that asks set up listeners and timers at start-up.
 */
export function useSunlight() {
  const on = useState('sunlight', () => useCookie<boolean | undefined>(SUNLIGHT_COOKIE, SUNLIGHT_COOKIE_OPTIONS).value === true)
  function toggle() {
    on.value = !on.value
    const { maxAge, sameSite, path } = SUNLIGHT_COOKIE_OPTIONS
    document.cookie = `${SUNLIGHT_COOKIE}=${on.value}; max-age=${maxAge}; samesite=${sameSite}; path=${path}`
  }
  return { on: readonly(on), toggle }
}
