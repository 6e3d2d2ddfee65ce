import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Limiter } from './limiter.js';

test('the limiter holds the global and per-host caps and hands slots on in order', async () => {
  const l = new Limiter({ concurrency: 3, perHost: (h) => (h === 'plc' ? 1 : 2), rate: 0 });
  const got: string[] = [];
  const releases: (() => void)[] = [];
  const ask = (h: string) => l.acquire(h).then((r) => (got.push(h), releases.push(r)));
  const all = ['plc', 'plc', 'pc', 'pc', 'pc', 'srv'].map(ask);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, ['plc', 'pc', 'pc']);
  releases[0]!(); // plc's slot: the second plc request may go now
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, ['plc', 'pc', 'pc', 'plc']);
  releases[1]!();
  releases[1]!(); // releasing twice is harmless
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, ['plc', 'pc', 'pc', 'plc', 'pc']);
  for (const r of releases.slice(2)) r();
  await Promise.all(all.slice(0, 5));
  await new Promise((r) => setImmediate(r));
  assert.equal(got.at(-1), 'srv');
  assert.equal(l.peakPerHost.get('plc'), 1);
  assert.equal(l.peakPerHost.get('pc'), 2);
});

test('waiting callers are released with E_ABORTED when the scan is cancelled', async () => {
  const ctrl = new AbortController();
  const l = new Limiter({ concurrency: 1, perHost: () => 1, rate: 0 }, ctrl.signal);
  await l.acquire('a');
  const waiting = l.acquire('a');
  ctrl.abort();
  await assert.rejects(waiting, /cancelled/);
  await assert.rejects(l.acquire('b'), /cancelled/);
});
