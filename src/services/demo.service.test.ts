import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../db/open.js';
import { AdvisoriesService } from './advisories.service.js';
import { demoAdvisoryFiles, loadDemoAdvisories, loadDemoInventory } from './demo.service.js';

test('the demo: its plant and two real CISA advisories, so "are we affected?" has an answer on first start', async () => {
  const store = await openStore('sqlite::memory:');
  try {
    assert.ok((await loadDemoInventory(store)) > 20);
    assert.deepEqual(demoAdvisoryFiles().map((f) => f.split('/').pop()), ['icsa-23-012-08.json', 'icsa-23-257-01.json']);
    assert.equal(await loadDemoAdvisories(store), 2);
    const answer = await new AdvisoriesService(store).affected('ICSA-23-257-01');
    const affected = answer.matches.filter((m) => m.verdict === 'affected').map((m) => m.asset.name).sort();
    assert.deepEqual(affected, ['ライン1 PLC', 'ライン2 PLC']);
    // Loaded once: a store that holds advisories gets no demo ones.
    assert.equal(await loadDemoAdvisories(store), 0);
  } finally {
    await store.close();
  }
});

test('loadDemo: the advisories come only with the demo inventory just loaded', async () => {
  const { loadDemo } = await import('./demo.service.js');
  const store = await openStore('sqlite::memory:');
  try {
    const first = await loadDemo(store);
    assert.ok(first.assets > 20);
    assert.equal(first.advisories, 2);
    assert.deepEqual(await loadDemo(store), { assets: 0, advisories: 0 });
  } finally {
    await store.close();
  }
});
