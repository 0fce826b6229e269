import { z } from './zod'
import { REGION_CODE_PATTERN, activeRegion } from '../utils/region'

function resolved(text: string): { code: string, error?: undefined } | { code?: undefined, error: string } {
  const { resolveDistrict } = activeRegion()
  if (resolveDistrict) return resolveDistrict(text)
  return REGION_CODE_PATTERN.test(text) ? { code: text } : { error: '区县应为 6 位区县代码' }
}

/**
 * A place's district: a county-level division of the region, written as its six-digit code or as a
 * name unique in the region (`榆次区`); parsed, it is the code. `.overwrite` keeps the schema a plain
 * string to Nuxt Content, which turns it into a column.
 */
export const DistrictSchema = z.string().trim().min(1, '缺少区县')
  .superRefine((text, ctx) => {
    const { error } = resolved(text)
    if (error) ctx.addIssue({ code: 'custom', message: error, params: { code: 'UNKNOWN_DISTRICT' } })
  })
  .overwrite(text => resolved(text).code ?? text)
