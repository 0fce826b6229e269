// A trivial JSON route: a liveness check, and the baseline for the suggestions benchmark.
export default defineEventHandler(() => ({ ok: true }))
