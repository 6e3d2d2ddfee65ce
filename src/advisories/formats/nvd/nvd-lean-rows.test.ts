import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { leanRows, packLeanRows, rowHash, unpackLeanRows, type LeanRow, type LeanRows } from './nvd-lean-rows.js';
import { leanRowStream } from './nvd-lean-stream.js';
import { leanNvdCve } from './nvd.format.js';
import { splitArrayRecordBatches, splitArrayRecords } from './nvd-stream.js';

const FEED = new URL('../../../../../shared/data/nvd/nvd-cves-api2.json', import.meta.url).pathname;
const feedText = readFileSync(FEED, 'utf8');
const records = (JSON.parse(feedText) as { vulnerabilities: { cve: { id: string } }[] }).vulnerabilities;

/** The row as the service computed it before rows were made by a function of their own (LeanPending). */
function expectedRow(cve: unknown, index: number): LeanRow & { hash: string } {
  const r = leanNvdCve(cve, `/vulnerabilities/${index}/cve`);
  assert.ok(!('kind' in r));
  const data = JSON.stringify({ nvd: 2, cve: r.id, cwes: r.cwes, cvss: r.cvss, configs: r.configs });
  const refs = JSON.stringify(r.references);
  const hash = createHash('sha1').update(`${data}\u0000${r.title}\u0000${r.summary ?? ''}\u0000${r.published ?? ''}\u0000${r.lastModified ?? ''}\u0000${refs}`).digest('hex');
  return { cve: r.id, title: r.title, summary: r.summary, published: r.published, lastModified: r.lastModified, refs, data, hash, keys: r.keys, ...(r.kev ? { kev: r.kev } : {}) };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const stream = (text: string, chunk = 1 << 20) => Readable.from(Array.from({ length: Math.ceil(text.length / chunk) }, (_, i) => Buffer.from(text.slice(i * chunk, (i + 1) * chunk))));

test('leanRows: every record of the API 2.0 page gives the row LeanPending gave (same data string, same hash)', async () => {
  const batches = await collect(splitArrayRecordBatches(createReadStream(FEED, { highWaterMark: 777 }), { maxRecords: 7, maxBytes: 64 * 1024 }));
  assert.ok(batches.length >= 6, `several batches (${batches.length})`);
  const results = batches.map((b) => leanRows(b));
  const rows = results.flatMap((r) => r.rows);
  assert.equal(rows.length, 38);
  assert.deepEqual(rows.map((r) => ({ ...r, hash: rowHash(r) })), records.map((v, i) => expectedRow(v.cve, i)));
  assert.equal(rows.filter((r) => r.kev).length, 12, 'the records carrying CISA KEV fields');
  assert.deepEqual(results.map((r) => r.records).reduce((a, b) => a + b), 38);
  assert.ok(results.every((r) => !r.fault && r.warnings.length === 0));
});

test('record batches: each record once, in order, byte offsets into the file, bounded in records and bytes', async () => {
  const texts = (await collect(splitArrayRecords(createReadStream(FEED)))).map((r) => r.text);
  const offsets = texts.map((t) => Buffer.byteLength(feedText.slice(0, feedText.indexOf(t))));
  for (const sizes of [{ maxRecords: 500, maxBytes: 1 << 20 }, { maxRecords: 3, maxBytes: 1 << 20 }, { maxRecords: 500, maxBytes: 20_000 }]) {
    const batches = await collect(splitArrayRecordBatches(createReadStream(FEED, { highWaterMark: 1000 }), sizes));
    const got: string[] = [];
    const gotOffsets: number[] = [];
    let next = 0;
    for (const b of batches) {
      assert.equal(b.firstIndex, next);
      assert.ok(b.ends.length <= sizes.maxRecords);
      // Only a record bigger than maxBytes may make a batch bigger (alone in it).
      assert.ok(b.bytes.length <= sizes.maxBytes || b.ends.length === 1, `batch of ${b.bytes.length} bytes`);
      let start = 0;
      for (let k = 0; k < b.ends.length; k++) {
        got.push(Buffer.from(b.bytes.subarray(start, b.ends[k])).toString('utf8'));
        gotOffsets.push(b.offsets[k]!);
        start = b.ends[k]!;
      }
      next += b.ends.length;
    }
    assert.deepEqual(got, texts);
    assert.deepEqual(gotOffsets, offsets);
  }
});

test('leanRows: invalid JSON stops the batch at that record (index, byte offset); a first record that is not {"cve": ...} too', async () => {
  const parts = records.map((v) => JSON.stringify(v));
  parts[20] = '{"cve": {"id": "CVE-2023-9999", "descriptions": [}';
  const bad = `{"format":"NVD_CVE","vulnerabilities":[${parts.join(',\n')}]}`;
  // Its brackets do not balance: the split swallows the next record into it, and ends in an error of its own
  // (after the batches before: the record's error is the one a reader reports).
  const results: LeanRows[] = [];
  await assert.rejects(async () => {
    for await (const b of splitArrayRecordBatches(stream(bad, 4096), { maxRecords: 8, maxBytes: 1 << 20 })) results.push(leanRows(b));
  }, /truncated JSON: input ended inside the document/);
  const faulty = results.find((r) => r.fault)!;
  assert.equal(faulty.fault!.kind, 'invalid-json');
  assert.equal(faulty.fault!.index, 20);
  assert.equal(faulty.fault!.offset, Buffer.byteLength(bad.slice(0, bad.indexOf('{"cve": {"id": "CVE-2023-9999"'))));
  assert.match(faulty.fault!.detail, /JSON/);
  assert.deepEqual(faulty.rows.map((r) => r.cve), records.slice(16, 20).map((v) => v.cve.id), 'the rows before it in its batch');

  const notNvd = await collect(splitArrayRecordBatches(stream('{"vulnerabilities":[{"document":{}},{"cve":{"id":"CVE-2020-0001"}}]}'), { maxRecords: 8, maxBytes: 1 << 20 }));
  assert.deepEqual(leanRows(notNvd[0]!).fault, { kind: 'not-cve', index: 0, offset: 20, detail: '' });
});

test('leanRows: a record without a valid CVE id is a warning and no row; a CPE name parseCpe refuses, a warning', async () => {
  const parts = records.slice(0, 3).map((v) => JSON.parse(JSON.stringify(v)) as { cve: { id: string; configurations?: { nodes: { cpeMatch: { criteria: string }[] }[] }[] } });
  parts[1]!.cve.id = 'NOT-A-CVE';
  parts[2]!.cve.configurations![0]!.nodes[0]!.cpeMatch[0]!.criteria = 'cpe:2.3:a:vendor';
  const [b] = await collect(splitArrayRecordBatches(stream(JSON.stringify({ vulnerabilities: parts })), { maxRecords: 8, maxBytes: 1 << 20 }));
  const r = leanRows(b!);
  assert.equal(r.records, 3);
  assert.deepEqual(r.rows.map((x) => x.cve), [parts[0]!.cve.id, parts[2]!.cve.id]);
  assert.deepEqual(r.warnings.map((w) => w.pointer), ['/vulnerabilities/1/cve/id', '/vulnerabilities/2/cve/configurations/0/nodes/0/cpeMatch/0/criteria']);
  assert.match(r.warnings[0]!.message, /record without a valid CVE id: NOT-A-CVE/);
});

/** OS threads of this process (Linux): a worker thread adds some while it runs. */
const threads = () => (existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : null);

test('leanRowStream: worker threads give the same rows, warnings and faults as this thread, in order', async () => {
  const parts = records.map((v) => JSON.stringify(v));
  parts[3] = parts[3]!.replace(/"id":"CVE-[^"]+"/, '"id":"NOT-A-CVE"');
  const feed = `{"vulnerabilities":[${parts.join(',')}]}`;
  const run = async (workers: number, text: string) => {
    const before = threads();
    const out: LeanRows[] = [];
    let during: number | null = null;
    try {
      for await (const r of leanRowStream(stream(text, 5000), { workers, batchRecords: 3 })) {
        during ??= threads();
        out.push(r);
        if (r.fault) break; // as the service does: the workers must be closed all the same
      }
    } catch (e) {
      return { out, error: (e as Error).message, started: during !== null && before !== null && during > before };
    }
    return { out, error: null, started: during !== null && before !== null && during > before };
  };
  const here = await run(0, feed);
  const there = await run(2, feed);
  assert.equal(here.out.length, 13);
  assert.deepEqual(there.out, here.out);
  assert.deepEqual(here.out.flatMap((r) => r.warnings).map((w) => w.pointer), ['/vulnerabilities/3/cve/id']);
  if (threads() !== null) assert.ok(there.started, 'worker threads ran');

  // A bad record in the middle: its batch ends with the fault, whichever thread read it. A truncated file: the
  // split's error comes after every record before it.
  const bad = feed.replace(parts[20]!, '{"cve": {"id": "CVE-2023-9999", "descriptions": [}');
  const [badHere, badThere] = [await run(0, bad), await run(1, bad)];
  assert.deepEqual(badThere, { ...badHere, started: badThere.started });
  assert.equal(badHere.out.length, 7, 'up to the batch of record 20');
  assert.equal(badHere.out.at(-1)!.fault!.index, 20);
  assert.deepEqual(badHere.out.at(-1)!.rows.map((r) => r.cve), [records[18]!.cve.id, records[19]!.cve.id]);
  const truncated = feed.slice(0, feed.indexOf(parts[30]!) + 100);
  const [cutHere, cutThere] = [await run(0, truncated), await run(2, truncated)];
  assert.match(cutHere.error ?? '', /^truncated JSON: input ended inside record 30 \(starting at byte \d+\)$/);
  assert.deepEqual(cutThere, { ...cutHere, started: cutThere.started });
  assert.equal(cutHere.out.flatMap((r) => r.rows).length, 29, 'the 30 records before the cut (one without a valid id)');
});

test('rows packed for the crossing from the worker come back the same (nulls, KEV fields, keys, warnings, a fault)', async () => {
  const batches = await collect(splitArrayRecordBatches(createReadStream(FEED), { maxRecords: 500, maxBytes: 1 << 24 }));
  const all = leanRows(batches[0]!);
  assert.equal(all.rows.length, 38);
  const odd: LeanRow = { cve: 'CVE-2099-0001', title: 'CVE-2099-0001', summary: null, published: null, lastModified: null, refs: '[]', data: '{}', keys: [] };
  const withOdd: LeanRows = { ...all, rows: [odd, ...all.rows, { ...odd, summary: '', published: '' }], warnings: [{ pointer: '/x', message: 'm' }], fault: { kind: 'invalid-json', index: 40, offset: 1234, detail: 'bad' } };
  assert.deepEqual(unpackLeanRows(packLeanRows(withOdd)), withOdd);
  assert.deepEqual(unpackLeanRows(packLeanRows({ rows: [], records: 0, warnings: [] })), { rows: [], records: 0, warnings: [] });
});

test('leanRows: records with non-ASCII text (Japanese, typographic quotes) read the same in batches with and without ASCII only', async () => {
  const cve = (id: string, text: string) => ({ cve: { id, published: '2024-01-01T00:00:00.000', lastModified: '2024-01-02T00:00:00.000', descriptions: [{ lang: 'en', value: text }], references: [], configurations: [] } });
  const records = [cve('CVE-2099-0001', 'plain ASCII'), cve('CVE-2099-0002', '日立製作所の製品に脆弱性 — it’s “quoted”'), cve('CVE-2099-0003', 'plain again')];
  const text = JSON.stringify({ vulnerabilities: records });
  for (const maxRecords of [1, 3]) {
    const batches = await collect(splitArrayRecordBatches(stream(text, 5), { maxRecords, maxBytes: 1 << 20 }));
    const rows = batches.flatMap((b) => leanRows(b).rows);
    assert.deepEqual(rows.map((r) => r.summary), records.map((r) => r.cve.descriptions[0]!.value), `batches of ${maxRecords}`);
  }
});
