import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, parseVersion } from './versions.js';
import { inSpec, parseVersionSpec, specFromBounds } from './ranges.js';

test('orders real firmware strings', () => {
  const lt = (a: string, b: string) => assert.equal(compareVersions(a, b), -1, `${a} < ${b}`);
  lt('V2.9.4', 'V2.10.0');
  lt('4.2.1 build 1234', '4.2.2');
  lt('4.2.1', '4.2.1 build 1234');
  lt('R06', 'R07');
  lt('1.0(3)SE', '1.0(4)SE');
  lt('1.0.2', '1.0.2k');
  lt('1.0.2k', '1.0.3');
  lt('2.0-rc1', '2.0');
  lt('2.0 beta', '2.0-rc1');
  lt('V18', 'V18 Update 3');
  lt('Ver.1.2.4', 'ver 1.10');
  assert.equal(compareVersions('V4.21', '4.21.0'), 0);
  assert.equal(compareVersions('００１.２', '1.2'), 0, 'full-width digits');
  assert.equal(compareVersions('006.005.000.', '6.5'), 0);
});

test('refuses to order what is not a version', () => {
  assert.equal(parseVersion('April/20/2023'), null);
  assert.equal(compareVersions('all', '1.0'), null);
  assert.equal(compareVersions('-', '1.0'), null);
  assert.equal(compareVersions(null, '1.0'), null);
});

test('CSAF free-text ranges', () => {
  assert.equal(inSpec('V5.4.9', parseVersionSpec('< V5.5.0')), 'in');
  assert.equal(inSpec('V5.5.0', parseVersionSpec('< V5.5.0')), 'above');
  const band = parseVersionSpec('>= V8.70 < V9.30');
  assert.equal(inSpec('8.69', band), 'out');
  assert.equal(inSpec('8.70', band), 'in');
  assert.equal(inSpec('9.30', band), 'above');
  assert.equal(inSpec('6.1', parseVersionSpec('>=5.0|<7.17.0.0')), 'in');
  assert.equal(inSpec('7.17', parseVersionSpec('>=5.0|<7.17.0.0')), 'above');
  assert.equal(inSpec('V18 Update 2', parseVersionSpec('All versions < V18 Update 3')), 'in');
  assert.equal(inSpec('V18 Update 3', parseVersionSpec('All versions < V18 Update 3')), 'above');
  assert.equal(inSpec('3.9', parseVersionSpec('<4.x')), 'in');
  assert.equal(inSpec('4.1', parseVersionSpec('4.x')), 'in');
  assert.equal(inSpec('5.0', parseVersionSpec('4.x')), 'out');
  assert.equal(inSpec('1.0', parseVersionSpec('<April/20/2023')), 'unknown');
  assert.equal(parseVersionSpec('<April/20/2023').kind, 'unparsed');
  assert.equal(inSpec('anything', parseVersionSpec('All versions')), 'in');
  assert.equal(inSpec(null, parseVersionSpec('< 2.0')), 'unknown');
});

test('vers: ranges', () => {
  assert.equal(inSpec('V9.39', parseVersionSpec('vers:all/>=V7.80<V9.40')), 'in');
  assert.equal(inSpec('V9.40', parseVersionSpec('vers:all/>=V7.80<V9.40')), 'above');
  assert.equal(inSpec('1.5', parseVersionSpec('vers:generic/>=1.0|<2.0')), 'in');
  assert.equal(parseVersionSpec('vers:generic/*').kind, 'all');
  assert.equal(inSpec('2.1', parseVersionSpec('vers:generic/>=1.0|<2.0|>=3.0')), 'above', 'past the 1.x range, below the 3.x one');
  assert.equal(inSpec('0.9', parseVersionSpec('vers:generic/>=1.0|<2.0|>=3.0')), 'out');
  assert.equal(inSpec('3.1', parseVersionSpec('vers:generic/>=1.0|<2.0|>=3.0')), 'in');
});

test('JVN Japanese phrases', () => {
  const s = parseVersionSpec('1.2.0 以上 1.3.0 未満');
  assert.equal(inSpec('1.1.9', s), 'out');
  assert.equal(inSpec('1.2.0', s), 'in');
  assert.equal(inSpec('1.3.0', s), 'above');
  assert.equal(parseVersionSpec('すべてのバージョン').kind, 'all');
  assert.equal(inSpec('7.6.1', parseVersionSpec('7.6.2より前のバージョン')), 'in');
  assert.equal(inSpec('7.6.2', parseVersionSpec('7.6.2より前のバージョン')), 'above');
  assert.equal(inSpec('v6 R4', parseVersionSpec('v6 R4 およびそれ以前のバージョン')), 'in');
  assert.equal(inSpec('6.5', parseVersionSpec('v6 R4 およびそれ以前のバージョン')), 'above');
  assert.equal(inSpec('1.2.3', parseVersionSpec('Ver.1.2.4より前のバージョン（CVE-2025-0354、CVE-2025-0355）')), 'in');
  assert.equal(inSpec('1.05', parseVersionSpec('ファームウェアバージョン 1.05およびそれ以前')), 'in');
  assert.equal(inSpec('1.06', parseVersionSpec('ファームウェアバージョン 1.05およびそれ以前')), 'above');
  assert.equal(inSpec('7.7', parseVersionSpec('7.7')), 'in');
  assert.equal(inSpec('7.8', parseVersionSpec('7.7')), 'out');
  assert.equal(parseVersionSpec('for Windows 5.8 (Build 1575) 未満').kind, 'unparsed');
});

test('NVD bounds, included and excluded', () => {
  const s = specFromBounds({ startIncluding: '2.0.1', endExcluding: '2.15.0' });
  assert.equal(inSpec('2.0', s), 'out');
  assert.equal(inSpec('2.0.1', s), 'in');
  assert.equal(inSpec('2.14.1', s), 'in');
  assert.equal(inSpec('2.15.0', s), 'above');
  const inc = specFromBounds({ endIncluding: '12.6(1)' });
  assert.equal(inSpec('12.6(1)', inc), 'in');
  assert.equal(inSpec('12.6(2)', inc), 'above');
  const ex = specFromBounds({ startExcluding: '1.0' });
  assert.equal(inSpec('1.0', ex), 'out');
  assert.equal(inSpec('1.0.1', ex), 'in');
});
