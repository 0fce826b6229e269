import type { IncomingMessage } from 'node:http'
import type { H3Event } from 'h3'

/** Collects at most `limit` bytes of a request body; stops listening (without destroying the socket) past it. */
function collect(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      done()
      req.pause()
      resolve('too-large')
    }
    const onEnd = () => {
      done()
      resolve(Buffer.concat(chunks))
    }
    const onError = (error: Error) => {
      done()
      reject(error)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/**
 * Reads a JSON request body of at most `limit` bytes: 415 for another content type, 413 past
 * the limit (checked on the declared length and again while reading), 400 for broken JSON.
 */
export async function readJsonBody(event: H3Event, limit: number): Promise<unknown> {
  const type = getRequestHeader(event, 'content-type') ?? ''
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw apiError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 JSON 格式提交')
  }
  const tooLarge = () => {
    // The rest of the body is never read: close the connection after answering rather than
    // leave unread bytes in a keep-alive connection.
    setResponseHeader(event, 'Connection', 'close')
    return apiError(413, 'PAYLOAD_TOO_LARGE', '提交的内容太长', { limit })
  }
  if (Number(getRequestHeader(event, 'content-length')) > limit) throw tooLarge()
  const body = await collect(event.node.req, limit)
  if (body === 'too-large') throw tooLarge()
  try {
    return JSON.parse(body.toString('utf8'))
  }
  catch {
    throw apiError(400, 'INVALID_JSON', '提交的内容不是有效的 JSON')
  }
}
