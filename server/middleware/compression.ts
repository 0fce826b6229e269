import { ServerResponse } from 'node:http'
import compression from 'compression'
import type { NodeMiddleware } from 'h3'

// Rendered pages and API answers leave compressed (brotli, else gzip, by Accept-Encoding): the map
// page's HTML is about a quarter of its raw size on the wire, which counts on one bar of signal. Nitro compresses
// only the built static files (precompressed, which this leaves alone). expressjs/compression
// negotiates, sets Vary, skips bodies under 1 KB, honours no-transform, and uses brotli quality 4,
// cheap enough to run per request. (Its types speak of Express's request and response, which are
// Node's with more fields it does not use.)
const compress = compression() as unknown as NodeMiddleware

export default defineEventHandler((event) => {
  // Nitro's internal requests (the error page's render, server-side $fetch) never cross a network,
  // and their stand-in response lacks the Node internals compression patches.
  if (!(event.node.res instanceof ServerResponse)) return
  return new Promise<void>((resolve, reject) => compress(event.node.req, event.node.res, error => (error ? reject(error) : resolve())))
})
