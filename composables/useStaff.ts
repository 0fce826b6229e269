import { forgetPrivateResponses } from '#shared/offline-config'
import type { StaffMember } from '#shared/types/admin'

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

  async function call<T>(url: string, options: Parameters<typeof $fetch>[1] = {}): Promise<T> {
    try {
      return await $fetch<unknown>(url, options as never) as T
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
