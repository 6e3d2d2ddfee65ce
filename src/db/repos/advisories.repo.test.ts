import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../open.js';
import { InventoryService } from '../../services/inventory.service.js';
import { loadMatchAssets } from './advisories.repo.js';

test('loadMatchAssets reads a whole inventory with more services than a call takes arguments (240,000)', async () => {
  const store = await openStore('sqlite::memory:');
  try {
    await new InventoryService(store).ingest(['a', 'b', 'c', 'd'].map((n, i) => ({ name: `plc-${n}`, ips: [`127.0.9.${200 + i}`], vendor: 'Siemens', model: 'S7-1200' })), { source: 'test' });
    store.sqlite!.exec(`WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 60000)
      INSERT INTO services (asset_id, transport, port, source, first_seen, last_seen) SELECT a.id, 'tcp', p.n, 'test', '2026-01-01', '2026-01-01' FROM assets a, p`);
    const all = await loadMatchAssets(store.db);
    assert.equal(all.length, 4);
    assert.deepEqual(all.map((a) => a.services.length), [60000, 60000, 60000, 60000]);
  } finally {
    await store.close();
  }
});
