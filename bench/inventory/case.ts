// One measured case in its own process (so peak RSS belongs to it alone). Prints one JSON line.
//   node --import tsx bench/inventory/case.ts <floor|ingest|reingest-query> <sqlite|postgres> <n>
import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openStore, type Store } from '../../src/db/open.js';
import { assetToRow } from '../../src/db/repos/assets.repo.js';
import { InventoryService, newAssetId } from '../../src/services/inventory.service.js';
import { mergeAsset } from '../../src/inventory/merge.js';
import { normalizeInput } from '../../src/inventory/normalize.js';
import { asset } from './generate.js';

const [what, dialect, nArg] = process.argv.slice(2);
const n = Number(nArg);
const PG = process.env.MAMORI_BENCH_PG_URL ?? process.env.MAMORI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_${process.pid}`;
const file = `/tmp/mamori-bench-${process.pid}.db`;

async function open(): Promise<Store> {
  if (dialect === 'postgres') return openStore(PG, { pgSchema: schema });
  return openStore(`sqlite:${file}`);
}
async function cleanup(store: Store) {
  if (store.pg) await store.pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await store.close();
  for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
}
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const inputs = Array.from({ length: n }, (_, i) => asset(i, false));

async function floor(store: Store): Promise<void> {
  // The floor: the same asset rows, already built, written with the fastest plain bulk path of the
  // dialect — multi-row INSERTs in one transaction on SQLite, COPY on PostgreSQL. No merge, no history.
  const at = new Date().toISOString();
  const rows = inputs.map((x) => assetToRow(mergeAsset(null, newAssetId(), normalizeInput(x).value, { source: 'bench', at, manual: false, sighting: false }).asset, at));
  const cols = Object.keys(rows[0]!);
  const t0 = performance.now();
  const c0 = cpuMs();
  if (store.sqlite) {
    const db = store.sqlite;
    db.exec('CREATE TABLE floor AS SELECT * FROM assets WHERE 0');
    const per = 64;
    const st = db.prepare(`INSERT INTO floor (${cols.join(',')}) VALUES ${Array.from({ length: per }, () => `(${cols.map(() => '?').join(',')})`).join(',')}`);
    const one = db.prepare(`INSERT INTO floor (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
    db.transaction(() => {
      let i = 0;
      for (; i + per <= rows.length; i += per) st.run(rows.slice(i, i + per).flatMap((r) => cols.map((c) => (r as unknown as Record<string, unknown>)[c])));
      for (; i < rows.length; i++) one.run(cols.map((c) => (rows[i] as unknown as Record<string, unknown>)[c]));
    })();
  } else {
    const { from } = await import('pg-copy-streams');
    const client = await store.pg!.connect();
    try {
      await client.query('CREATE TABLE floor (LIKE assets)');
      const esc = (v: unknown) => (v === null || v === undefined ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));
      const copy = client.query(from(`COPY floor (${cols.join(',')}) FROM STDIN`));
      const batches = async function* () {
        for (let i = 0; i < rows.length; i += 5000) yield rows.slice(i, i + 5000).map((r) => `${cols.map((c) => esc((r as unknown as Record<string, unknown>)[c])).join('\t')}\n`).join('');
      };
      await pipeline(batches, copy as unknown as Writable);
    } finally {
      client.release();
    }
  }
  report({ ms: performance.now() - t0, cpuMs: cpuMs() - c0 });
}

async function ingest(store: Store, reingest: boolean): Promise<void> {
  const inv = new InventoryService(store);
  const t0 = performance.now();
  const c0 = cpuMs();
  const r = await inv.ingest(inputs, { source: 'bench' });
  const first = { ms: performance.now() - t0, cpuMs: cpuMs() - c0, created: r.created };
  if (!reingest) return report(first);
  const t1 = performance.now();
  const r2 = await inv.ingest(inputs, { source: 'bench' });
  const again = { ms: performance.now() - t1, unchanged: r2.unchanged };
  // Queries a user makes of the inventory: the first page, a filtered page, a search, one device.
  const time = async (f: () => Promise<unknown>) => {
    await f();
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await f();
      runs.push(performance.now() - t);
    }
    return runs.sort((a, b) => a - b)[2]!;
  };
  const page = await time(() => Promise.all([inv.count({}), inv.list({ limit: 50 })]));
  const filtered = await time(() => Promise.all([inv.count({ class: 'ot', zone: 'plant-3' }), inv.list({ class: 'ot', zone: 'plant-3', limit: 50 })]));
  const search = await time(() => Promise.all([inv.count({ q: 'siemens 1200' }), inv.list({ q: 'siemens 1200', limit: 50 })]));
  const one = await time(() => inv.get(inputs[Math.floor(n / 2)]!.hostnames![0]!));
  report({ ...first, reingestMs: again.ms, unchanged: again.unchanged, firstPageMs: page, filteredPageMs: filtered, searchPageMs: search, getOneMs: one });
}

function report(x: Record<string, unknown>) {
  process.stdout.write(`${JSON.stringify({ what, dialect, n, ...x, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

const store = await open();
try {
  if (what === 'floor') await floor(store);
  else await ingest(store, what === 'reingest-query');
} finally {
  await cleanup(store);
}
