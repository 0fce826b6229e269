/**
 * Group commit: calls that arrive while a batch is being written wait and go together in the next
 * one, so a burst costs one transaction (and one disk flush, what a durable write is bound by)
 * instead of one each. Every caller still gets its own answer, only after its batch has committed.
 * If a batch fails, its items are tried one by one, so one bad item cannot fail the others.
 */
export function groupCommit<I, O>(writeMany: (items: I[]) => Promise<O[]>, maxBatch = 200): (item: I) => Promise<O> {
  let queue: Array<{ item: I, resolve: (value: O) => void, reject: (reason: unknown) => void }> = []
  let writing = false

  async function drain() {
    writing = true
    try {
      while (queue.length) {
        const batch = queue.slice(0, maxBatch)
        queue = queue.slice(maxBatch)
        try {
          const results = await writeMany(batch.map(entry => entry.item))
          batch.forEach((entry, index) => entry.resolve(results[index]!))
        }
        catch (error) {
          if (batch.length === 1) batch[0]!.reject(error)
          else await Promise.all(batch.map(entry => writeMany([entry.item]).then(([result]) => entry.resolve(result!), entry.reject)))
        }
      }
    }
    finally {
      writing = false
    }
  }

  return item => new Promise<O>((resolve, reject) => {
    queue.push({ item, resolve, reject })
    if (!writing) void drain()
  })
}
