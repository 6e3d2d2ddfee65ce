// Splits a huge NVD-shaped document ({..., "vulnerabilities": [ {...}, {...} ]}) into the text of each
// array element without parsing the whole: one JSON.parse of a >512 MB string is impossible in Node, and
// generic streaming JSON parsers were measured 8x slower than this split-then-JSON.parse-per-record way.
// The scanner only looks at ASCII structure bytes ({ } [ ] " \), which never occur inside UTF-8 multibyte
// sequences, so it works on raw Buffers. Malformed input ends with an error naming the byte offset.
//
// Two ways out of the one scanner: `splitArrayRecords` (each record's text, for parsing in this thread) and
// `splitArrayRecordBatches` (records' bytes packed into batches, for worker threads to decode and parse).

export interface SplitRecord {
  /** The element's JSON text. */
  text: string;
  index: number;
  /** Byte offset of the element's start in the stream (for error messages). */
  offset: number;
}

/** A record's bytes as the scanner found them (a view of the chunk when the record lies within one). */
interface ScannedRecord {
  bytes: Buffer;
  index: number;
  offset: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;

/** What the scanner carries from one chunk to the next. */
interface ScanState {
  key: string;
  depth: number;
  inString: boolean;
  escape: boolean;
  /** Inside a key of the top-level object (before the array). */
  inKey: boolean;
  /** Pieces of that key from earlier chunks. */
  keyParts: Buffer[];
  lastKey: string;
  /** Depth of the target array once entered; -3 once it is closed. */
  arrayDepth: number;
  inRecord: boolean;
  /** Pieces of a record that began in an earlier chunk. */
  parts: Buffer[];
  index: number;
  /** Bytes of the stream scanned before the current chunk. */
  offset: number;
  recordOffset: number;
}

const newScan = (key: string): ScanState => ({ key, depth: 0, inString: false, escape: false, inKey: false, keyParts: [], lastKey: '', arrayDepth: -1, inRecord: false, parts: [], index: 0, offset: 0, recordOffset: 0 });

/**
 * Scans the next chunk, appending the records that end in it to `out`. On malformed input it throws, after
 * appending the records found before the fault (a caller handles those first, as if they came one by one).
 * Plain functions over a plain state object, and the top-level keys looked for in a loop of their own: V8
 * optimized the byte loop inside an async generator, as a class method, or with the key tracking in it,
 * markedly worse (each measured 1.3-2x slower per byte).
 */
function scanChunk(s: ScanState, chunk: Buffer, out: ScannedRecord[]): void {
  const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
  const n = bytes.length;
  const from = s.arrayDepth === -1 ? scanHead(s, chunk, bytes) : 0;
  let { depth, inString, escape, arrayDepth, inRecord } = s;
  let recordStart = inRecord ? 0 : -1;
  for (let i = from; i < n; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (escape) escape = false;
      else if (b === BACKSLASH) escape = true;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJ || b === OPEN_ARR) {
      if (b === OPEN_OBJ && depth === arrayDepth && !inRecord) {
        inRecord = true;
        recordStart = i;
        s.recordOffset = s.offset + i;
      }
      depth++;
    } else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
      depth--;
      if (depth < 0) throw new Error(`unbalanced JSON at byte ${s.offset + i}`);
      if (inRecord && depth === arrayDepth) {
        out.push({ bytes: recordBytes(s, chunk, recordStart, i + 1), index: s.index++, offset: s.recordOffset });
        inRecord = false;
        recordStart = -1;
      } else if (depth === 1 && arrayDepth === 2 && b === CLOSE_ARR) arrayDepth = -3; // array done; ignore later keys
    }
  }
  // A copy: the stream may reuse the chunk's memory for the next one.
  if (inRecord) s.parts.push(Buffer.from(chunk.subarray(recordStart < 0 ? 0 : recordStart)));
  s.offset += n;
  Object.assign(s, { depth, inString, escape, arrayDepth, inRecord });
}

/** A record that ends at `end` of this chunk: a view of it, or joined with its pieces from earlier chunks. */
function recordBytes(s: ScanState, chunk: Buffer, start: number, end: number): Buffer {
  if (s.parts.length === 0) return chunk.subarray(start, end);
  s.parts.push(chunk.subarray(0, end));
  const joined = Buffer.concat(s.parts);
  s.parts = [];
  return joined;
}

/**
 * Before the target array: follows the top-level keys until the array `s.key` opens. Returns where the records
 * start (past the `[`), or the chunk's length when the array did not open in it (s.arrayDepth stays -1).
 */
function scanHead(s: ScanState, chunk: Buffer, bytes: Uint8Array): number {
  let { depth, inString, escape, inKey } = s;
  let keyStart = inKey ? 0 : -1;
  let i = 0;
  for (; i < bytes.length && s.arrayDepth === -1; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (escape) escape = false;
      else if (b === BACKSLASH) escape = true;
      else if (b === QUOTE) {
        inString = false;
        if (inKey) {
          s.keyParts.push(chunk.subarray(keyStart, i));
          s.lastKey = Buffer.concat(s.keyParts).subarray(0, 64).toString('utf8');
          s.keyParts = [];
          inKey = false;
        }
      }
      continue;
    }
    if (b === QUOTE) {
      inString = true;
      if (depth === 1) {
        inKey = true;
        keyStart = i + 1;
      }
    } else if (b === OPEN_OBJ || b === OPEN_ARR) {
      if (b === OPEN_ARR && depth === 1 && s.lastKey === s.key) s.arrayDepth = 2;
      depth++;
    } else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
      depth--;
      if (depth < 0) throw new Error(`unbalanced JSON at byte ${s.offset + i}`);
    }
  }
  // A copy: the stream may reuse the chunk's memory for the next one.
  if (inKey) s.keyParts.push(Buffer.from(chunk.subarray(keyStart)));
  Object.assign(s, { depth, inString, escape, inKey });
  return i;
}

/** The stream ended: throws when it ended inside a record or the document, or held no such array. */
function endScan(s: ScanState): void {
  if (s.inRecord || s.depth !== 0 || s.inString) throw new Error(`truncated JSON: input ended inside ${s.inRecord ? `record ${s.index} (starting at byte ${s.recordOffset})` : 'the document'}`);
  if (s.arrayDepth === -1) throw new Error(`no "${s.key}" array found at the top level`);
}

/** Each element of the top-level array `key`, as text. */
export async function* splitArrayRecords(stream: AsyncIterable<Buffer | string>, key = 'vulnerabilities'): AsyncGenerator<SplitRecord> {
  const scan = newScan(key);
  const found: ScannedRecord[] = [];
  for await (const raw of stream) {
    let fault: unknown = null;
    try {
      scanChunk(scan, typeof raw === 'string' ? Buffer.from(raw) : raw, found);
    } catch (e) {
      fault = e;
    }
    for (const r of found) yield { text: r.bytes.toString('utf8'), index: r.index, offset: r.offset };
    found.length = 0;
    if (fault) throw fault;
  }
  endScan(scan);
}

/**
 * Consecutive records packed into one buffer of their own (transferable to a worker thread without a copy):
 * record k is `bytes[ends[k-1] ?? 0, ends[k])`, element `firstIndex + k` of the array, starting at byte
 * `offsets[k]` of the stream.
 */
export interface RecordBatch {
  bytes: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
  offsets: Float64Array<ArrayBuffer>;
  firstIndex: number;
}

/**
 * Records as bytes, packed into batches of up to `maxRecords` records and about `maxBytes` bytes (a bigger
 * record gets a batch of its own), chunk by chunk. Synchronous, so that the scan can run in a worker thread of
 * its own (fed the chunks) as well as here. The text is not decoded: whoever parses the records decodes it.
 */
export class RecordBatcher {
  private readonly scan: ScanState;
  private readonly found: ScannedRecord[] = [];
  private packer: BatchPacker;

  constructor(private readonly sizes: { maxRecords: number; maxBytes: number }, key = 'vulnerabilities') {
    this.scan = newScan(key);
    this.packer = new BatchPacker(sizes.maxRecords, sizes.maxBytes);
  }

  /**
   * The batches this chunk filled. A fault of the input (unbalanced JSON) comes back with the batch of the
   * records before it: whoever handles those first reports an error in one of them before this one.
   */
  push(chunk: Buffer): { batches: RecordBatch[]; fault?: Error } {
    const batches: RecordBatch[] = [];
    let fault: Error | undefined;
    try {
      scanChunk(this.scan, chunk, this.found);
    } catch (e) {
      fault = e as Error;
    }
    for (const r of this.found) {
      if (!this.packer.fits(r.bytes.length)) {
        if (this.packer.count) batches.push(this.packer.batch());
        this.packer = new BatchPacker(this.sizes.maxRecords, Math.max(this.sizes.maxBytes, r.bytes.length));
      }
      this.packer.add(r);
    }
    this.found.length = 0;
    if (fault && this.packer.count) batches.push(this.packer.batch());
    return fault ? { batches, fault } : { batches };
  }

  /** The stream ended: the last batch, and a fault when it ended inside a record or held no such array. */
  end(): { batches: RecordBatch[]; fault?: Error } {
    const batches = this.packer.count ? [this.packer.batch()] : [];
    try {
      endScan(this.scan);
    } catch (e) {
      return { batches, fault: e as Error };
    }
    return { batches };
  }
}

/** Each element of the top-level array `key`, as bytes, in batches (see RecordBatcher); faults are thrown. */
export async function* splitArrayRecordBatches(
  stream: AsyncIterable<Buffer | string>, sizes: { maxRecords: number; maxBytes: number }, key = 'vulnerabilities',
): AsyncGenerator<RecordBatch> {
  const batcher = new RecordBatcher(sizes, key);
  for await (const raw of stream) {
    const { batches, fault } = batcher.push(typeof raw === 'string' ? Buffer.from(raw) : raw);
    yield* batches;
    if (fault) throw fault;
  }
  const { batches, fault } = batcher.end();
  yield* batches;
  if (fault) throw fault;
}

/** Copies records into one preallocated buffer (copied now: the stream may reuse its chunks' memory). */
class BatchPacker {
  private readonly bytes: Uint8Array<ArrayBuffer>;
  private readonly ends: Uint32Array<ArrayBuffer>;
  private readonly offsets: Float64Array<ArrayBuffer>;
  private used = 0;
  count = 0;
  private firstIndex = 0;

  constructor(private readonly maxRecords: number, maxBytes: number) {
    this.bytes = new Uint8Array(maxBytes);
    this.ends = new Uint32Array(maxRecords);
    this.offsets = new Float64Array(maxRecords);
  }

  fits(length: number): boolean {
    return this.count < this.maxRecords && this.used + length <= this.bytes.length;
  }

  add(r: ScannedRecord): void {
    if (this.count === 0) this.firstIndex = r.index;
    this.bytes.set(r.bytes, this.used);
    this.used += r.bytes.length;
    this.ends[this.count] = this.used;
    this.offsets[this.count++] = r.offset;
  }

  batch(): RecordBatch {
    // Views of the used part; transferring a view's buffer moves the whole (preallocated) buffer, no copy.
    return { bytes: this.bytes.subarray(0, this.used), ends: this.ends.subarray(0, this.count), offsets: this.offsets.subarray(0, this.count), firstIndex: this.firstIndex };
  }
}
