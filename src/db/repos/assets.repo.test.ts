import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Asset } from '../../core/asset.js';
import { ASSET_COLUMN_ORDER, assetToRow, setAssetValues } from './assets.repo.js';

test('the SQLite bulk writer binds the same values, in column order, as assetToRow builds', () => {
  const full: Asset = {
    id: 'a-1', name: 'Boiler HMI', ips: ['127.0.9.1', '127.0.9.2'], macs: ['02:00:00:00:00:01'], hostnames: ['hmi-1'], class: 'ot', kind: 'hmi',
    vendor: 'Schneider Electric', model: 'GP4000', serial: 'SN-1', os: { name: 'Windows CE', version: '6' }, firmware: { name: null, version: '4.9' },
    cpes: ['cpe:2.3:h:schneider:gp4000:-:*:*:*:*:*:*:*'], site: 's', zone: 'z', owner: 'OT', criticality: 5, tags: ['line-2'], notes: 'n',
    attributes: { rack: '3' }, externalId: 'K-1', firstSeen: '2026-01-01T00:00:00.000Z', lastSeen: '2026-01-02T00:00:00.000Z',
    provenance: { _: { source: 'csv', at: '2026-01-01T00:00:00.000Z' } }, services: [],
  };
  const empty: Asset = { ...full, name: null, ips: [], macs: [], hostnames: [], class: null, kind: null, vendor: null, model: null, serial: null, os: null, firmware: null, cpes: [], site: null, zone: null, owner: null, criticality: null, tags: [], notes: null, attributes: {}, externalId: null, provenance: {} };
  const edited: Asset = { ...full, provenance: { ...full.provenance, vendor: { source: 'manual', at: '2026-01-02T00:00:00.000Z', manual: true } } };
  for (const a of [full, empty, edited, full]) {
    const row = assetToRow(a, '2026-01-03T00:00:00.000Z') as unknown as Record<string, unknown>;
    const values: unknown[] = ['x'];
    setAssetValues(values, 1, a, '2026-01-03T00:00:00.000Z');
    assert.deepEqual(values, ['x', ...ASSET_COLUMN_ORDER.map((c) => row[c])]);
  }
});
