export interface GroupCommitOptions {
  /** Most items in one batch. */
  maxBatch?: number
  /** Batches written at once: 1 for SQLite (one connection), a few for PostgreSQL, so one batch fills while another commits. */
  concurrency?: number
  /**
   * How long a batch waits for company before it is written (PostgreSQL's commit_delay): worth a
   * millisecond or two where each commit blocks the process (SQLite), 0 where it does not.
   */
  delayMs?: number
}

/**
 * Group commit: calls that arrive together, or while a batch is being written, go together in the
 * next batch, so a burst costs one transaction (and one disk flush, what a durable write is bound
 * by) instead of one each. Every caller still gets its own answer, only after its batch committed.
 * If a batch fails, its items are tried one by one, so one bad item cannot fail the others.
 */
export function groupCommit<I, O>(writeMany: (items: I[]) => Promise<O[]>, { maxBatch = 200, concurrency = 1, delayMs = 0 }: GroupCommitOptions = {}): (item: I) => Promise<O> {
  const queue: Array<{ item: I, resolve: (value: O) => void, reject: (reason: unknown) => void }> = []
  let writing = 0
  let scheduled = false

  // A batch starts after pending I/O at least, so requests that arrived meanwhile join it. (SQLite's
  // commit blocks the event loop: starting at once, each batch would hold one request.)
  function schedule() {
    if (scheduled || writing >= concurrency || !queue.length) return
    scheduled = true
    const start = () => {
      scheduled = false
      void writeBatch()
    }
    if (delayMs > 0) setTimeout(start, delayMs)
    else setImmediate(start)
  }

  async function writeBatch() {
    if (writing >= concurrency || !queue.length) return
    writing++
    const batch = queue.splice(0, maxBatch)
    schedule()
    try {
      const results = await writeMany(batch.map(entry => entry.item))
      batch.forEach((entry, index) => entry.resolve(results[index]!))
    }
    catch (error) {
      if (batch.length === 1) batch[0]!.reject(error)
      else await Promise.all(batch.map(entry => writeMany([entry.item]).then(([result]) => entry.resolve(result!), entry.reject)))
    }
    finally {
      writing--
      schedule()
    }
  }

  return item => new Promise<O>((resolve, reject) => {
    queue.push({ item, resolve, reject })
    schedule()
  })
}
