import type { ReadyAnswer } from '../../utils/ops/readiness'

// Readiness for a load balancer or a monitor: the database answers a trivial query and Redis (with
// REDIS_URL) a PING, each within a short time. 503 names what failed, never how it is reached.
// GET /api/health stays the cheap liveness answer.
export default defineEventHandler(async (event): Promise<ReadyAnswer> => {
  const answer = await checkReadiness()
  setResponseHeader(event, 'cache-control', 'no-store')
  if (!answer.ok) setResponseStatus(event, 503)
  return answer
})
