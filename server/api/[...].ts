// An API path no route answers: the same JSON error shape as every other refusal, with a stable code.
export default defineEventHandler(() => {
  throw apiError(404, 'API_NOT_FOUND', '没有这个接口')
})
