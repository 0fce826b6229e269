/**
 * `source()` once the calling component is mounted; until then, what it was at setup. For the props
 * of a client-only component (`.client.vue` paired with a `.server.vue`) while the page hydrates:
 * Nuxt draws its server-rendered placeholder anew on every update before it mounts, and in a
 * production build the new placeholder is not given the page's element, so the component's own first
 * render (once mounted) fails to find where it goes. The map page's map then never appeared, and when
 * that happened during hydration Nuxt's error page replaced the page and Vue failed removing it (the
 * city's places arriving while the page still hydrated did it; a browser test makes them).
 */
export function useHeldUntilMounted<T>(source: () => T): Readonly<Ref<T>> {
  const mounted = ref(false)
  onMounted(() => (mounted.value = true))
  const first = source()
  return computed(() => (mounted.value ? source() : first))
}
