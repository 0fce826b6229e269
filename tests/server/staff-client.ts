import { randomUUID } from 'node:crypto'
import { databaseTarget, openDatabase } from '../../server/database/connection'
import { createStores, type Stores } from '../../server/database/stores'
import { createStaffAccount } from '../../server/utils/staff/accounts'
import type { StaffRole } from '../../shared/schemas/admin'
import type { StaffMember } from '../../shared/types/admin'
import type { District } from '../../shared/utils/vocabulary'
import { resolveCounty } from '../../server/regions/divisions'

// Helpers for the staff API tests: accounts made through the same store code the CLI uses, written
// to the server's database (a SQLite file in WAL mode lets both processes use it), and a small client with a cookie.

export const PASSWORD = 'test password 12345'
export const COOKIE_NAME = 'yizhan-staff'

/** The stores over a test server's database (a SQLite path or a DATABASE_URL), which the server has migrated. */
export function openStores(database: string): { stores: Stores, close: () => Promise<void> } {
  const opened = openDatabase(databaseTarget(database))
  return { stores: createStores(opened.db), close: () => opened.close() }
}

/** A staff account with a unique email; an editor's district by name (榆次区) or code, stored as the code. */
export function addStaff(stores: Stores, role: StaffRole, district: District | null = null, email = `${role}-${randomUUID().slice(0, 8)}@example.org`): Promise<StaffMember> {
  const code = district && resolveCounty(district, '100000').code
  return createStaffAccount(stores, { email, password: PASSWORD, role, district: code }, 'system')
}

/** A JSON answer: its shape is what the assertions check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

export interface Answer {
  status: number
  headers: Headers
  text: string
  json: Json
}

export interface RequestOptions {
  body?: unknown
  cookie?: string
  /** Sent as `Origin`; defaults to the server's own origin. null: no Origin header. */
  origin?: string | null
  headers?: Record<string, string>
}

/** One request to the server; a body is sent as JSON (a FormData as multipart/form-data). */
export async function call(baseURL: string, method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.origin !== null) headers.origin = options.origin ?? new URL(baseURL).origin
  if (options.cookie) headers.cookie = options.cookie
  const form = options.body instanceof FormData
  if (options.body !== undefined && !form) headers['content-type'] ??= 'application/json'
  const response = await fetch(new URL(path, baseURL), {
    method,
    headers,
    body: options.body === undefined ? undefined : form || typeof options.body === 'string' ? options.body as BodyInit : JSON.stringify(options.body),
    redirect: 'manual',
  })
  const text = await response.text()
  let json: Json
  try {
    json = JSON.parse(text)
  }
  catch { /* asserted by the caller */ }
  return { status: response.status, headers: response.headers, text, json }
}

/** The `name=value` of the session cookie a response sets, if any. */
export function sessionCookie(answer: Answer): string | undefined {
  const header = answer.headers.getSetCookie().find(line => line.startsWith(`${COOKIE_NAME}=`))
  return header?.split(';')[0]
}

/** Signs in and returns the session cookie (`name=value`). */
export async function login(baseURL: string, email: string, password = PASSWORD): Promise<string> {
  const answer = await call(baseURL, 'POST', '/api/auth/login', { body: { email, password } })
  if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status} ${answer.text}`)
  return sessionCookie(answer)!
}

/** A signed-in client: every request carries the cookie and the server's own Origin. */
export function client(baseURL: string, cookie: string) {
  return {
    cookie,
    get: (path: string) => call(baseURL, 'GET', path, { cookie }),
    patch: (path: string, body: unknown) => call(baseURL, 'PATCH', path, { cookie, body }),
    post: (path: string, body?: unknown) => call(baseURL, 'POST', path, { cookie, body }),
  }
}
