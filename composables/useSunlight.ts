/**
 * Sunlight mode: larger text and maximum contrast for reading outdoors. Kept in a cookie, so the
 * server renders the page in this mode from the first paint (a class on <html>, set in app.vue).
 */
export function useSunlight() {
  const cookie = useCookie<boolean | undefined>('sunlight', { maxAge: 365 * 86_400, sameSite: 'lax', path: '/' })
  const on = useState('sunlight', () => cookie.value === true)
  function toggle() {
    on.value = !on.value
    cookie.value = on.value
  }
  return { on: readonly(on), toggle }
}
