import type { H3Event } from 'h3'

/**
 * Reads a JSON request body of at most `limit` bytes: 415 for another content type, 413 past
 * the limit (checked on the declared length and again while reading), 400 for broken JSON.
 */
export async function readJsonBody(event: H3Event, limit: number): Promise<unknown> {
  const type = getRequestHeader(event, 'content-type') ?? ''
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw apiError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 JSON 格式提交')
  }
  const tooLarge = () => apiError(413, 'PAYLOAD_TOO_LARGE', '提交的内容太长', { limit })
  const declared = Number(getRequestHeader(event, 'content-length'))
  if (declared > limit) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of event.node.req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw tooLarge()
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  }
  catch {
    throw apiError(400, 'INVALID_JSON', '提交的内容不是有效的 JSON')
  }
}
