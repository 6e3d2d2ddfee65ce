// Worker thread of a whole-NVD ingest (started by nvd-lean-stream.ts): turns batches of records into the rows
// the main thread writes, with leanRows (the function the main thread runs itself when there are no workers).
import { serveJobs } from '../../../core/workers.js';
import { leanRows } from './nvd-lean-rows.js';
import type { RecordBatch } from './nvd-stream.js';

serveJobs((batch: RecordBatch) => leanRows(batch));
