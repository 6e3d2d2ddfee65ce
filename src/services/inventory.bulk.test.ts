// The SQLite bulk-load path of large imports (indexes rebuilt after the load, identifier rows derived from
// the asset rows at the end) must leave exactly what the row-by-row path leaves: same assets, same
// identifier index, same history, every index back, and nothing at all when the import fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AssetInput } from '../core/asset.js';
import { MamoriError } from '../core/errors.js';
import { openStore, type Store } from '../db/open.js';
import { InventoryService } from './inventory.service.js';

const mac = (i: number) => `02:00:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
const ip = (i: number) => `127.20.${(i >> 8) & 255}.${i & 255}`;

/** 1,600 rows over four 500-row batches, with merges that cross batches. */
function scenario(): AssetInput[] {
  const rows: AssetInput[] = [];
  for (let i = 0; i < 1500; i++) {
    rows.push({ macs: [mac(i)], ips: [ip(i)], hostnames: [`dev-${i}.plant.example`], vendor: i % 2 ? 'Siemens' : 'Moxa', zone: `z-${i % 7}`, class: 'ot' });
  }
  // Same MAC again, later batch, with a second address and firmware: one device, updated.
  rows.push({ macs: [mac(10)], ips: ['127.20.200.10'], firmware: { version: 'V4.2.1' } });
  // Another device (new MAC) now holds dev-20's address: the address moves to it.
  rows.push({ macs: ['02:aa:00:00:00:01'], ips: [ip(20)], hostnames: ['cam-new.plant.example'] });
  // Same host name, new address (DHCP): the device keeps its name and gains the address.
  rows.push({ hostnames: ['DEV-30.plant.example.'], ips: ['127.20.201.30'] });
  // Serials compared lower-cased the JavaScript way (not ASCII only), and import keys.
  rows.push({ serial: 'ÄBC-0001', vendor: 'Phoenix Contact' }, { externalId: 'CMDB-1', name: 'Boiler HMI' });
  for (let i = 0; i < 90; i++) rows.push({ ips: [`127.21.0.${i}`], hostnames: [`pc-${i}.office.example`] });
  rows.push({ serial: 'äbc-0001', model: 'AXC F 2152' }, { externalId: 'CMDB-1', hostnames: ['hmi-boiler'] });
  return rows;
}

interface Snapshot {
  assets: unknown[];
  identifiers: string[];
  history: string[];
  indexes: string[];
}

async function snapshot(store: Store): Promise<Snapshot> {
  const raw = store.sqlite!;
  // Ids are random: name each asset by its smallest identifier so both stores compare.
  const assets = raw.prepare('SELECT * FROM assets').all() as Record<string, unknown>[];
  const label = new Map<string, string>();
  for (const a of assets) {
    const ids = [...(JSON.parse(a.macs as string) as string[]), ...(JSON.parse(a.hostnames as string) as string[]), ...(JSON.parse(a.ips as string) as string[]), a.serial, a.external_id].filter(Boolean);
    label.set(a.id as string, String(ids.sort()[0]));
  }
  const name = (id: unknown) => label.get(id as string) ?? `?${String(id)}`;
  return {
    assets: assets
      .map(({ id, search, sort_name, updated_at: _u, first_seen: _f, last_seen: _l, ...rest }) => ({
        ...rest, id: name(id), search: String(search).replaceAll(String(id), '<id>'), sort_name: String(sort_name).replaceAll(String(id), '<id>'),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    identifiers: (raw.prepare('SELECT kind, value, asset_id FROM asset_identifiers').all() as { kind: string; value: string; asset_id: string }[])
      .map((r) => `${r.kind}|${r.value}|${name(r.asset_id)}`)
      .sort(),
    history: (raw.prepare('SELECT asset_id, change, field, before, after, source FROM asset_history').all() as Record<string, unknown>[])
      .map((r) => `${name(r.asset_id)}|${String(r.change)}|${String(r.field)}|${String(r.before)}|${String(r.after)}|${String(r.source)}`)
      .sort(),
    indexes: (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").all() as { name: string }[]).map((r) => r.name),
  };
}

async function run(bulkLoad: boolean, empty = false) {
  const store = await openStore('sqlite::memory:');
  const inv = new InventoryService(store, { now: () => new Date('2026-03-01T00:00:00.000Z') });
  if (!empty) {
    // A manual edit pins the vendor of dev-40 before the load; the load must not override it.
    await inv.ingest([{ macs: [mac(40)], ips: [ip(40)], hostnames: ['dev-40.plant.example'] }], { source: 'csv', bulkLoad: false });
    await inv.edit('dev-40.plant.example', { vendor: 'Pinned by hand' });
  }
  const result = await inv.ingest(scenario(), { source: 'csv:plant.csv', bulkLoad });
  return { store, inv, result };
}

test('sqlite: the bulk-load path leaves the same assets, identifiers, history and indexes as the row-by-row path', async () => {
  const bulk = await run(true);
  const plain = await run(false);
  try {
    const { assetIds: _a, ...bulkCounts } = bulk.result;
    const { assetIds: _b, ...plainCounts } = plain.result;
    assert.deepEqual(bulkCounts, plainCounts);
    assert.equal(bulkCounts.created, 1500 + 1 + 1 + 1 + 90 - 1); // dev-40 existed before
    const [a, b] = [await snapshot(bulk.store), await snapshot(plain.store)];
    assert.deepEqual(a.indexes, b.indexes);
    assert.ok(a.indexes.includes('asset_history_asset_idx') && a.indexes.includes('assets_sort_idx'));
    assert.deepEqual(a.identifiers, b.identifiers);
    assert.deepEqual(a.assets, b.assets);
    assert.deepEqual(a.history, b.history);
    // The merges across batches happened: one device per MAC, the address moved, serial and key matched.
    const dev10 = await bulk.inv.require(mac(10));
    assert.deepEqual(dev10.ips, [ip(10), '127.20.200.10']);
    assert.equal(dev10.firmware?.version, 'V4.2.1');
    assert.deepEqual((await bulk.inv.require('dev-20.plant.example')).ips, []);
    assert.equal((await bulk.inv.require(ip(20))).hostnames[0], 'cam-new.plant.example');
    assert.deepEqual((await bulk.inv.require('dev-30.plant.example')).ips, [ip(30), '127.20.201.30']);
    assert.equal((await bulk.inv.require('dev-40.plant.example')).vendor, 'Pinned by hand');
    // (the second row's serial replaces the first's spelling)
    assert.equal((await bulk.inv.list({ q: 'axc f 2152' }))[0]?.serial, 'äbc-0001');
    assert.equal(await bulk.inv.count({ vendor: 'phoenix' }), 1);
    assert.deepEqual((await bulk.inv.require('CMDB-1')).hostnames, ['hmi-boiler']);
    // Re-importing through the row-by-row path finds every device by the identifiers the load wrote (the
    // scenario moves one address back and forth, so a few updates, the same in both stores).
    const again = await bulk.inv.ingest(scenario(), { source: 'csv:plant.csv', bulkLoad: false });
    const plainAgain = await plain.inv.ingest(scenario(), { source: 'csv:plant.csv', bulkLoad: false });
    assert.equal(again.created, 0);
    assert.deepEqual({ ...again, assetIds: [] }, { ...plainAgain, assetIds: [] });
    assert.deepEqual(await snapshot(bulk.store), await snapshot(plain.store));
  } finally {
    await bulk.store.close();
    await plain.store.close();
  }
});

test('sqlite: into an empty inventory (no store look-ups, rows alone in their batch fast-tracked) the bulk path still equals the row-by-row path', async () => {
  const bulk = await run(true, true);
  const plain = await run(false, true);
  try {
    assert.deepEqual({ ...bulk.result, assetIds: [] }, { ...plain.result, assetIds: [] });
    assert.deepEqual(await snapshot(bulk.store), await snapshot(plain.store));
    // merges inside one batch (serial, import key) and across batches (MAC, address, host name)
    assert.equal(await bulk.inv.count({ vendor: 'phoenix' }), 1);
    assert.deepEqual((await bulk.inv.require('CMDB-1')).hostnames, ['hmi-boiler']);
    assert.deepEqual((await bulk.inv.require(mac(10))).ips, [ip(10), '127.20.200.10']);
    assert.deepEqual((await bulk.inv.require('dev-20.plant.example')).ips, []);
    assert.deepEqual((await bulk.inv.require('dev-30.plant.example')).ips, [ip(30), '127.20.201.30']);
  } finally {
    await bulk.store.close();
    await plain.store.close();
  }
});

test('sqlite: a bulk load that fails writes nothing and keeps every index', async () => {
  const store = await openStore('sqlite::memory:');
  try {
    const inv = new InventoryService(store);
    const before = await snapshot(store);
    const rows = scenario();
    rows.push({ ips: ['127.0.0.999'] });
    await assert.rejects(inv.ingest(rows, { source: 'csv', bulkLoad: true }), (e: unknown) => e instanceof MamoriError && e.code === 'E_INPUT_INVALID' && e.extra.problems?.[0]?.line === rows.length);
    assert.deepEqual(await snapshot(store), before);
    assert.equal(await inv.count(), 0);
  } finally {
    await store.close();
  }
});

test('sqlite: a large first import takes the bulk path on its own and a re-import of it does not', async () => {
  const store = await openStore('sqlite::memory:');
  try {
    const inv = new InventoryService(store);
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ macs: [mac(i)], ips: [ip(i)], hostnames: [`n-${i}`] }));
    const raw = store.sqlite!;
    const drops: string[] = [];
    const exec = raw.exec.bind(raw);
    raw.exec = (sqlText: string) => {
      if (/^DROP INDEX/i.test(sqlText)) drops.push(sqlText);
      return exec(sqlText);
    };
    assert.equal((await inv.ingest(rows, { source: 'csv' })).created, 12_000);
    assert.ok(drops.length >= 4, 'the first import rebuilt the indexes');
    drops.length = 0;
    const again = await inv.ingest(rows, { source: 'csv' });
    assert.equal(again.unchanged, 12_000);
    assert.equal(drops.length, 0, 'a re-import of known devices keeps the indexes');
    assert.equal((raw.prepare('SELECT count(*) AS n FROM asset_identifiers').get() as { n: number }).n, 36_000);
  } finally {
    await store.close();
  }
});

test('sqlite file: a bulk import runs outside WAL and puts WAL back; with another connection open it stays in WAL', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'mamori-bulk-'));
  try {
    const store = await openStore(`sqlite:${join(dir, 'a.db')}`);
    try {
      const raw = store.sqlite!;
      const modes: string[] = [];
      const exec = raw.exec.bind(raw);
      raw.exec = (sqlText: string) => {
        if (/^DROP INDEX/i.test(sqlText)) modes.push(String(raw.pragma('journal_mode', { simple: true })));
        return exec(sqlText);
      };
      const rows = Array.from({ length: 10_000 }, (_, i) => ({ macs: [mac(i)], ips: [ip(i)] }));
      await new InventoryService(store).ingest(rows, { source: 'csv' });
      assert.deepEqual([...new Set(modes)], ['delete']);
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      await store.close();
    }
    const path = join(dir, 'b.db');
    const store2 = await openStore(`sqlite:${path}`);
    const other = await openStore(`sqlite:${path}`);
    try {
      await other.db.selectFrom('assets').select('id').limit(1).execute();
      const rows = Array.from({ length: 10_000 }, (_, i) => ({ macs: [mac(i)], ips: [ip(i)] }));
      assert.equal((await new InventoryService(store2).ingest(rows, { source: 'csv' })).created, 10_000);
      assert.equal(store2.sqlite!.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(await new InventoryService(other).count(), 10_000);
    } finally {
      await other.close();
      await store2.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
