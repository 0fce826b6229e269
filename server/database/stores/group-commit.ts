/**
 * Group commit: calls that arrive together, or while a batch is being written, go together in the
 * next batch, so a burst costs one transaction (and one disk flush, what a durable write is bound
 * by) instead of one each. Every caller still gets its own answer, only after its batch committed.
 * If a batch fails, its items are tried one by one, so one bad item cannot fail the others.
 */
export function groupCommit<I, O>(writeMany: (items: I[]) => Promise<O[]>, maxBatch = 200): (item: I) => Promise<O> {
  const queue: Array<{ item: I, resolve: (value: O) => void, reject: (reason: unknown) => void }> = []
  let busy = false

  async function writeBatch() {
    const batch = queue.splice(0, maxBatch)
    try {
      const results = await writeMany(batch.map(entry => entry.item))
      batch.forEach((entry, index) => entry.resolve(results[index]!))
    }
    catch (error) {
      if (batch.length === 1) batch[0]!.reject(error)
      else await Promise.all(batch.map(entry => writeMany([entry.item]).then(([result]) => entry.resolve(result!), entry.reject)))
    }
    finally {
      // The next batch starts after pending I/O: requests that arrived meanwhile join it. (SQLite's
      // commit blocks the event loop, so without this wait each batch would hold one request.)
      if (queue.length) setImmediate(writeBatch)
      else busy = false
    }
  }

  return item => new Promise<O>((resolve, reject) => {
    queue.push({ item, resolve, reject })
    if (busy) return
    busy = true
    setImmediate(writeBatch)
  })
}
