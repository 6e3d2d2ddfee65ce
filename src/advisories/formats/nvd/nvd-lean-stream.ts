// A streamed NVD feed → its rows, batch by batch and in order, for the main thread to write. The main thread
// splits the file into records (the scan is sequential) and writes the rows; worker threads decode and parse
// the records and make their rows (leanRows), the rest of the per-record work. Without workers, the same
// functions run in this thread.
import { WorkerPool } from '../../../core/workers.js';
import { leanRows, unpackLeanRows, type LeanRows, type PackedLeanRows } from './nvd-lean-rows.js';
import { splitArrayRecordBatches, type RecordBatch } from './nvd-stream.js';

export interface LeanStreamOptions {
  /** Worker threads making rows; 0 does everything in this thread. */
  workers: number;
  /** Records per batch (one job of a worker); default 500. */
  batchRecords?: number;
  /** Bytes per batch, about (a bigger record gets a batch of its own); default 1 MiB. */
  batchBytes?: number;
}

/**
 * The rows of every record, one LeanRows per batch, in the feed's order. A batch with a faulty record ends with
 * it (`fault`): the caller stops there. A fault of the split itself (truncated or unbalanced JSON) is thrown
 * after the batches before it were handed out. Worker threads are closed however the caller stops.
 */
export async function* leanRowStream(stream: AsyncIterable<Buffer | string>, opts: LeanStreamOptions): AsyncGenerator<LeanRows> {
  const batches = splitArrayRecordBatches(stream, { maxRecords: opts.batchRecords ?? 500, maxBytes: opts.batchBytes ?? 1024 * 1024 });
  if (opts.workers <= 0) {
    for await (const b of batches) yield leanRows(b);
    return;
  }
  const pool = new WorkerPool<RecordBatch, PackedLeanRows>(import.meta.url, 'nvd-records.worker', opts.workers);
  // Two batches per worker in flight: one to work on while the other's rows wait to be written. More would
  // only hold more memory: this thread (split and writes) sets the pace.
  const inFlight = opts.workers * 2;
  const queue: Promise<LeanRows>[] = [];
  try {
    try {
      for await (const b of batches) {
        const rows = pool.run(b, [b.bytes.buffer, b.ends.buffer, b.offsets.buffer]).then(unpackLeanRows);
        // Awaited in its turn; until then its failure must not count as an unhandled rejection.
        rows.catch(() => undefined);
        queue.push(rows);
        if (queue.length >= inFlight) yield await queue.shift()!;
      }
    } catch (e) {
      // The records before a fault of the split first: an error in one of them is the one to report.
      while (queue.length) yield await queue.shift()!;
      throw e;
    }
    while (queue.length) yield await queue.shift()!;
  } finally {
    await pool.close();
  }
}
