// groupAssets: assets written identically share a group (components derived once); any difference in a field the
// matcher reads keeps them apart, and assets whose components are equal end up in one group whatever else differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatchAsset } from './components.js';
import { groupAssets } from './matcher.js';
import { asset, fw, svc } from '../../../test/support/match-assets.js';

const base = (id: string, p: Partial<MatchAsset> = {}) =>
  asset(id, { vendor: 'Siemens', model: 'SCALANCE X200-4P IRT', firmware: fw('V5.5.1'), services: [svc(443, 'OpenSSL', '1.1.1s')], ...p });
const groupOf = (assets: MatchAsset[]) => groupAssets(assets).map((g) => g.assetIds.join(',')).sort();

test('identical assets form one group; null and undefined fields are the same', () => {
  const b = base('b');
  const noSerial = { ...base('c'), serial: undefined } as unknown as MatchAsset;
  assert.deepEqual(groupOf([base('a'), b, noSerial]), ['a,b,c']);
  // Copies that share no object with each other (as loaded from a store) group alike.
  assert.deepEqual(groupOf(JSON.parse(JSON.stringify([base('a'), base('b')])) as MatchAsset[]), ['a,b']);
});

test('a difference in any field the matcher reads makes another group', () => {
  const variants: MatchAsset[] = [
    base('vendor', { vendor: 'Siemens Energy' }),
    base('model', { model: 'SCALANCE X200-4P' }),
    base('firmware', { firmware: fw('V5.5.2') }),
    base('os', { os: { name: 'Linux', version: '5.10' } }),
    base('cpes', { cpes: ['cpe:2.3:o:siemens:scalance_x200-4p_irt_firmware:5.5.1:*:*:*:*:*:*:*'] }),
    base('service-version', { services: [svc(443, 'OpenSSL', '1.1.1t')] }),
    base('service-product', { services: [svc(443, 'LibreSSL', '1.1.1s')] }),
    base('service-extra', { services: [svc(445, 'Microsoft Windows SMB', null, { dialects: ['NT LM 0.12'] }, 'microsoft-ds')] }),
    base('service-extra-2', { services: [svc(445, 'Microsoft Windows SMB', null, { dialects: ['SMB 3.1.1'] }, 'microsoft-ds')] }),
    base('attributes', { attributes: { 'Order number': '6GK5200-4AH00-2BA3' } }),
  ];
  const groups = groupOf([base('same'), ...variants]);
  assert.ok(groups.includes('same'), groups.join(' / '));
  for (const v of variants) assert.ok(groups.some((g) => g.split(',').includes(v.id) && !g.split(',').includes('same')), `${v.id}: ${groups.join(' / ')}`);
  assert.ok(!groups.some((g) => g === 'service-extra,service-extra-2'), 'different service details');
});

test('assets without any component are in no group', () => {
  assert.deepEqual(groupOf([asset('empty', {}), base('a')]), ['a']);
});

test('vendor names written differently but meaning the same company share a group (by signature)', () => {
  assert.deepEqual(groupOf([base('a'), base('b', { vendor: 'Siemens AG' })]), ['a,b']);
});
