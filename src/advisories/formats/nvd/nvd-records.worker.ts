// Worker thread of a whole-NVD ingest (started by nvd-lean-stream.ts): turns batches of records into the rows
// the main thread writes, with leanRows (the function the main thread runs itself when there are no workers),
// packed for the crossing (packLeanRows).
import { serveJobs } from '../../../core/workers.js';
import { leanRows, packLeanRows, type PackedLeanRows } from './nvd-lean-rows.js';
import type { RecordBatch } from './nvd-stream.js';

serveJobs(
  (batch: RecordBatch) => packLeanRows(leanRows(batch)),
  (p: PackedLeanRows) => [p.keys.buffer as ArrayBuffer, p.keyEnds.buffer as ArrayBuffer, p.nulls.buffer as ArrayBuffer],
);
