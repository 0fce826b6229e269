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

/** How much of an oversized body is read and dropped after the 413, and for how long at most. */
const DRAIN_BYTES = 8 * 1024 * 1024
const DRAIN_MS = 10_000

/**
 * Reads and drops the rest of an oversized body, so a client still sending it receives the 413
 * (closing with bytes unread would reset the connection before the client reads the answer). Past
 * DRAIN_BYTES or DRAIN_MS the connection is cut, as nginx's lingering close does.
 */
function drainRest(req: IncomingMessage) {
  let dropped = 0
  const cut = () => req.socket.destroy()
  const timer = setTimeout(cut, DRAIN_MS)
  const stop = () => clearTimeout(timer)
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length
    if (dropped > DRAIN_BYTES) cut()
  })
  req.once('end', stop)
  req.once('close', stop)
  req.resume()
}

/**
 * Reads a request body of at most `limit` bytes: 413 past the limit (checked on the declared length
 * and again while reading), with `message` and the error code PAYLOAD_TOO_LARGE.
 */
export async function readBodyBytes(event: H3Event, limit: number, message = '提交的内容太长'): Promise<Buffer> {
  const tooLarge = () => {
    const declared = Number(getRequestHeader(event, 'content-length'))
    // Far too large to read through: answer and close (the client may see a reset instead).
    if (declared > DRAIN_BYTES) setResponseHeader(event, 'Connection', 'close')
    else drainRest(event.node.req)
    return apiError(413, 'PAYLOAD_TOO_LARGE', message, { limit })
  }
  if (Number(getRequestHeader(event, 'content-length')) > limit) throw tooLarge()
  const body = await collect(event.node.req, limit)
  if (body === 'too-large') throw tooLarge()
  return body
}

/**
 * Reads a JSON request body of at most `limit` bytes: 415 for another content type, 413 past
 * the limit, 400 for broken JSON.
 */
export async function readJsonBody(event: H3Event, limit: number): Promise<unknown> {
  const type = getRequestHeader(event, 'content-type') ?? ''
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw apiError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 JSON 格式提交')
  }
  const body = await readBodyBytes(event, limit)
  try {
    return JSON.parse(body.toString('utf8'))
  }
  catch {
    throw apiError(400, 'INVALID_JSON', '提交的内容不是有效的 JSON')
  }
}
