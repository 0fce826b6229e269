import { forgetPrivateResponses } from '#shared/offline-config'
import type { StaffMember } from '#shared/types/admin'
import type { ExtractedRouteMethod, NitroFetchOptions, NitroFetchRequest, TypedInternalResponse } from 'nitropack/types'

/** A path on this site; for the routes Nitro has typed, the answer's type comes from the route. */
type ApiPath = Extract<NitroFetchRequest, string>
/** What `$fetch` answers: the route's type for the method used, or `T` where Nitro knows no route. */
type Answer<T, R extends ApiPath, O extends NitroFetchOptions<R>> = TypedInternalResponse<R, T, NitroFetchOptions<R> extends O ? 'get' : ExtractedRouteMethod<R, O>>

interface ApiFailure {
  statusCode?: number
  data?: { data?: { code?: string, issues?: Array<{ path: string, message: string }> }, message?: string }
}

/**
 * The signed-in staff member and calls to the staff API. A 401 from any call sends the person to
 * the sign-in page; other failures come back as an error code the page explains.
 */
export function useStaff() {
  const me = useState<StaffMember | null>('staff-me', () => null)
  // Not useI18n(): this also runs in route middleware, outside any component.
  const { $i18n } = useNuxtApp()
  const t = (key: string, params: Record<string, unknown> = {}) => $i18n.t(key, params)

  /**
   * Calls the API. The answer's type comes from the route where Nitro knows it; give `T` only for a
   * route it does not know yet. NoInfer: `T` is never guessed from where the answer goes, so that is checked.
   */
  async function call<T = unknown, R extends ApiPath = ApiPath, O extends NitroFetchOptions<R> = NitroFetchOptions<R>>(url: R, options?: O): Promise<Answer<NoInfer<T>, R, O>> {
    try {
      return await $fetch<T, R, O>(url, options)
    }
    catch (error) {
      const failure = error as ApiFailure
      if (failure.statusCode === 401 && !url.startsWith('/api/auth/login')) {
        me.value = null
        await navigateTo('/admin/login')
      }
      throw failure
    }
  }

  /** A sentence for a failed call, in the current language. */
  function explain(error: unknown): string {
    const failure = error as ApiFailure
    const code = failure.data?.data?.code
    if (!failure.statusCode) return t('admin.error.network')
    const key = `admin.error.${code}`
    const text = code ? t(key) : ''
    return text && text !== key ? text : t('admin.error.generic', { status: failure.statusCode })
  }

  async function load(): Promise<StaffMember | null> {
    try {
      me.value = await $fetch<StaffMember>('/api/auth/me')
    }
    catch {
      me.value = null
    }
    return me.value
  }

  async function logout() {
    await $fetch('/api/auth/logout', { method: 'POST' }).catch(() => {})
    me.value = null
    // A shared phone keeps nothing of the workspace once signed out.
    if ('caches' in window) await forgetPrivateResponses().catch(() => {})
    await navigateTo('/admin/login')
  }

  return { me, call, explain, load, logout }
}
