import type { z } from 'zod'

/** zod's words for a field that is not there, whatever type it expected. */
const MISSING = /received undefined$/

/** 400 VALIDATION_FAILED naming each bad field (`path` dotted, after `prefix`), with a Chinese message. */
export function validationFailed(error: z.ZodError, message = '有内容需要修改', prefix = ''): never {
  const issues = error.issues.map(issue => ({
    path: prefix + issue.path.map(String).join('.'),
    code: issue.code,
    // The schemas say in Chinese what is wrong with a value; a missing one gets zod's English otherwise.
    message: issue.code === 'invalid_type' && MISSING.test(issue.message) ? '必填' : issue.message,
  }))
  throw apiError(400, 'VALIDATION_FAILED', message, { issues })
}

/** Validates a request body or query against a zod schema: 400 VALIDATION_FAILED with each bad field named. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  validationFailed(result.error)
}

/** Largest JSON body the staff API reads. */
export const STAFF_BODY_LIMIT = 32_768
