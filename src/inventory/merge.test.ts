import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeAsset } from './merge.js';
import { normalizeInput } from './normalize.js';

const at = '2026-03-01T00:00:00.000Z';

test('a new asset is the same through the creation fast path and the general merge', () => {
  const inputs = [
    { macs: ['02:00:00:00:00:01'], ips: ['127.0.9.1'], hostnames: ['plc-1'], vendor: 'Siemens', model: 'S7-1200', class: 'ot' as const, criticality: 4 },
    { serial: 'SN-1', os: { name: 'Windows 10', version: '22H2' }, firmware: { version: 'V4.2.1' }, tags: ['a', 'b'], cpes: [], attributes: { rack: ' 3 ' } },
    { name: 'x', notes: null, os: null, firmware: { name: 'FW', version: null }, externalId: 'K-1', site: 's', zone: 'z', owner: 'o', kind: 'plc' },
    {},
  ];
  for (const raw of inputs) {
    const input = normalizeInput(raw).value;
    for (const manual of [false, true]) {
      for (const sighting of [false, true]) {
        const o = { source: 'csv', at, manual, sighting };
        // An empty service list takes the general path and changes nothing else.
        assert.deepEqual(mergeAsset(null, 'a-1', input, o), mergeAsset(null, 'a-1', { ...input, services: [] }, o), JSON.stringify({ raw, manual, sighting }));
      }
    }
  }
});

test('merging onto a stored asset: union of lists, manual values kept, one history entry per change', () => {
  const created = mergeAsset(null, 'a-1', normalizeInput({ ips: ['127.0.9.1'], vendor: 'Siemens' }).value, { source: 'csv', at, manual: false, sighting: false });
  const edited = mergeAsset(created.asset, 'a-1', normalizeInput({ vendor: 'Siemens AG' }).value, { source: 'manual', at, manual: true, sighting: false });
  const later = mergeAsset(edited.asset, 'a-1', normalizeInput({ vendor: 'SIEMENS', ips: ['127.0.9.2'] }).value, { source: 'scan', at: '2026-03-02T00:00:00.000Z', manual: false, sighting: true });
  assert.equal(later.asset.vendor, 'Siemens AG');
  assert.deepEqual(later.asset.ips, ['127.0.9.1', '127.0.9.2']);
  assert.deepEqual(later.changes.map((c) => c.field), ['ips']);
  assert.equal(later.asset.lastSeen, '2026-03-02T00:00:00.000Z');
  assert.deepEqual(created.changes, [{ change: 'created', field: null, before: null, after: null }]);
});
