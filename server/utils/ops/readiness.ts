import { sql } from 'kysely'

/** How long each check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2000

export type CheckResult = 'ok' | 'failed' | 'timeout' | 'not configured'

export interface ReadyAnswer {
  ok: boolean
  checks: { database: CheckResult, redis: CheckResult }
}

const lastWarned = new Map<string, number>()

/** Says why a check failed, once a minute at most per check (a balancer may ask every few seconds). */
function warn(name: string, message: string) {
  if (Date.now() - (lastWarned.get(name) ?? 0) < 60_000) return
  lastWarned.set(name, Date.now())
  logger.warn({ check: name }, `[health] ${message}`)
}

/** `check`'s outcome within CHECK_TIMEOUT_MS: the reason of a failure goes to the log, not to the caller. */
async function within(name: string, check: () => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(resolve, CHECK_TIMEOUT_MS, 'timeout')
  })
  const result = check().then((): CheckResult => 'ok', (error: unknown): CheckResult => {
    warn(name, `${name} check failed: ${errorMessage(error)}`)
    return 'failed'
  })
  try {
    const outcome = await Promise.race([result, timeout])
    if (outcome === 'timeout') warn(name, `${name} did not answer within ${CHECK_TIMEOUT_MS} ms`)
    return outcome
  }
  finally {
    clearTimeout(timer)
  }
}

/** The database (a trivial query) and Redis when configured (PING), checked together. */
export async function checkReadiness(): Promise<ReadyAnswer> {
  const redis = rateLimitRedis()
  const [database, redisCheck] = await Promise.all([
    within('database', () => sql`select 1`.execute(useDatabase().db)),
    redis ? within('redis', () => redis.ping()) : Promise.resolve<CheckResult>('not configured'),
  ])
  return { ok: database === 'ok' && (redisCheck === 'ok' || redisCheck === 'not configured'), checks: { database, redis: redisCheck } }
}
