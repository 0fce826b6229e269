import type { z } from 'zod'

/** Validates a request body or query against a zod schema: 400 VALIDATION_FAILED with each bad field named. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues.map(issue => ({ path: issue.path.map(String).join('.'), code: issue.code, message: issue.message }))
  throw apiError(400, 'VALIDATION_FAILED', '有内容需要修改', { issues })
}

/** Largest JSON body the staff API reads. */
export const STAFF_BODY_LIMIT = 32_768
