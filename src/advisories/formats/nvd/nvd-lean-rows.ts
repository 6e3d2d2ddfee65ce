// The per-record work of a whole-NVD ingest, as a pure function of a batch of records: decode, JSON.parse, keep
// the lean form (leanNvdCve) and serialize what is stored. What comes out is what the main thread writes (with
// its content hash, rowHash, which the main thread computes: it has time to spare, the worker has not), so a
// worker thread can run it (nvd-records.worker.ts); without workers the main thread runs the very same function.
import { createHash, hash as oneShotHash } from 'node:crypto';
import type { KevAssertion } from '../types.js';
import type { RecordBatch } from './nvd-stream.js';
import { leanNvdCve, type NvdLean, type NvdStoredData } from './nvd.format.js';

/** One NVD record as the advisories table stores it (lean: no normalized advisory, no source document). */
export interface LeanRow {
  /** The CVE id. */
  cve: string;
  title: string;
  summary: string | null;
  published: string | null;
  lastModified: string | null;
  /** JSON of the references' URLs. */
  refs: string;
  /** JSON of NvdStoredData: what the matcher is rebuilt from. */
  data: string;
  /** Hashed match keys of the configurations. */
  keys: number[];
  /** The CISA KEV fields NVD copies, when the record has them. */
  kev?: KevAssertion;
}

/** What is wrong with a record, as streamNvd reports it (the caller adds the file name). */
export interface RecordFault {
  kind: 'invalid-json' | 'not-cve';
  index: number;
  /** Byte offset of the record in the stream. */
  offset: number;
  /** JSON.parse's message for invalid JSON. */
  detail: string;
}

/** The records of one batch, in order, up to the first faulty one (`fault`). */
export interface LeanRows {
  rows: LeanRow[];
  /** Records read (rows, and records yielding none: without a valid CVE id). */
  records: number;
  /** Problems with records or CPE names, in record order (a record without a valid CVE id yields no row). */
  warnings: { pointer: string; message: string }[];
  fault?: RecordFault;
}

/** One-shot hashing where Node has it (20.12+): no Hash object per record. */
const sha1 = (s: string): string => (typeof oneShotHash === 'function' ? oneShotHash('sha1', s, 'hex') : createHash('sha1').update(s).digest('hex'));

/** A record's stored form (shared with NVD documents read whole). */
export function leanRow(r: NvdLean): LeanRow {
  const stored: NvdStoredData = { nvd: 2, cve: r.id, cwes: r.cwes, cvss: r.cvss, configs: r.configs };
  return { cve: r.id, title: r.title, summary: r.summary, published: r.published, lastModified: r.lastModified, refs: JSON.stringify(r.references), data: JSON.stringify(stored), keys: r.keys, ...(r.kev ? { kev: r.kev } : {}) };
}

/** A row's content identity: what is stored, not how the feed spaced it. */
export function rowHash(r: LeanRow): string {
  return sha1(`${r.data}\u0000${r.title}\u0000${r.summary ?? ''}\u0000${r.published ?? ''}\u0000${r.lastModified ?? ''}\u0000${r.refs}`);
}

/**
 * The rows of a batch of records of a streamed NVD feed ({"cve": {...}} each). Stops at the first record that
 * is not JSON, or at a first record of the feed that is not {"cve": {...}} (a file that is no NVD feed).
 */
export function leanRows(batch: RecordBatch): LeanRows {
  const out: LeanRows = { rows: [], records: 0, warnings: [] };
  // Decoded as Buffer does (as splitArrayRecords does): the same text, so the same values, whichever way.
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.length);
  let start = 0;
  for (let k = 0; k < batch.ends.length; k++) {
    const index = batch.firstIndex + k;
    const end = batch.ends[k]!;
    const text = bytes.toString('utf8', start, end);
    start = end;
    let obj: { cve?: unknown };
    try {
      obj = JSON.parse(text) as { cve?: unknown };
    } catch (e) {
      out.fault = { kind: 'invalid-json', index, offset: batch.offsets[k]!, detail: (e as Error).message };
      return out;
    }
    if (index === 0 && (typeof obj.cve !== 'object' || obj.cve === null)) {
      out.fault = { kind: 'not-cve', index, offset: batch.offsets[k]!, detail: '' };
      return out;
    }
    out.records++;
    const lean = leanNvdCve(obj?.cve, `/vulnerabilities/${index}/cve`);
    if ('kind' in lean) {
      if (lean.kind === 'issue') out.warnings.push({ pointer: lean.pointer, message: lean.message });
      continue;
    }
    for (const r of lean.issues) if (r.kind === 'issue') out.warnings.push({ pointer: r.pointer, message: r.message });
    out.rows.push(leanRow(lean));
  }
  return out;
}

/**
 * Rows as they cross from the worker thread: strings in one flat array (COLUMNS per row) and every row's keys in
 * one typed array, instead of an object per row. Copying 500 objects of ten properties per batch cost the worker
 * a fifth of its time more than these few arrays do.
 */
export interface PackedLeanRows extends Omit<LeanRows, 'rows'> {
  /** Per row: cve, title, summary ('' for none: a summary is never empty), published, lastModified, refs, data. */
  strings: string[];
  /** Nulls among the dates: bit 0 published, bit 1 lastModified, bit 2 summary. */
  nulls: Uint8Array;
  keys: Int32Array;
  /** End of each row's keys in `keys`. */
  keyEnds: Uint32Array;
  /** KEV fields, by row index. */
  kev: [number, KevAssertion][];
}
const COLUMNS = 7;

export function packLeanRows(r: LeanRows): PackedLeanRows {
  const n = r.rows.length;
  const strings = new Array<string>(n * COLUMNS);
  const nulls = new Uint8Array(n);
  let keyCount = 0;
  for (const row of r.rows) keyCount += row.keys.length;
  const keys = new Int32Array(keyCount);
  const keyEnds = new Uint32Array(n);
  const kev: [number, KevAssertion][] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    const row = r.rows[i]!;
    const at = i * COLUMNS;
    strings[at] = row.cve;
    strings[at + 1] = row.title;
    strings[at + 2] = row.summary ?? '';
    strings[at + 3] = row.published ?? '';
    strings[at + 4] = row.lastModified ?? '';
    strings[at + 5] = row.refs;
    strings[at + 6] = row.data;
    nulls[i] = (row.published === null ? 1 : 0) | (row.lastModified === null ? 2 : 0) | (row.summary === null ? 4 : 0);
    for (const key of row.keys) keys[k++] = key;
    keyEnds[i] = k;
    if (row.kev) kev.push([i, row.kev]);
  }
  return { strings, nulls, keys, keyEnds, kev, records: r.records, warnings: r.warnings, ...(r.fault ? { fault: r.fault } : {}) };
}

export function unpackLeanRows(p: PackedLeanRows): LeanRows {
  const n = p.nulls.length;
  const rows: LeanRow[] = new Array<LeanRow>(n);
  let kev = 0;
  let from = 0;
  for (let i = 0; i < n; i++) {
    const at = i * COLUMNS;
    const nul = p.nulls[i]!;
    const to = p.keyEnds[i]!;
    const keys: number[] = [];
    for (let k = from; k < to; k++) keys.push(p.keys[k]!);
    from = to;
    const row: LeanRow = {
      cve: p.strings[at]!, title: p.strings[at + 1]!, summary: nul & 4 ? null : p.strings[at + 2]!, published: nul & 1 ? null : p.strings[at + 3]!, lastModified: nul & 2 ? null : p.strings[at + 4]!,
      refs: p.strings[at + 5]!, data: p.strings[at + 6]!, keys,
    };
    if (kev < p.kev.length && p.kev[kev]![0] === i) row.kev = p.kev[kev++]![1];
    rows[i] = row;
  }
  return { rows, records: p.records, warnings: p.warnings, ...(p.fault ? { fault: p.fault } : {}) };
}
