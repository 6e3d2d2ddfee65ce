import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANY, NA, cpeMatches, formatCpe, parseCpe, sameProduct, valueText } from './cpe.js';

test('parses formatted strings with escapes, ANY and NA', () => {
  const w = parseCpe('cpe:2.3:a:advantech:webaccess\\/scada:*:*:*:*:*:*:*:*');
  assert.equal(w.product, 'webaccess/scada');
  assert.equal(w.version, ANY);
  const c = parseCpe('cpe:2.3:o:cisco:ios:12.6\\(1\\):-:*:*:*:*:*:*');
  assert.equal(c.version, '12.6(1)');
  assert.equal(c.update, NA);
  assert.equal(parseCpe('cpe:2.3:a:siemens:logo\\!_soft_comfort:*:*:*:*:*:*:*:*').product, 'logo!_soft_comfort');
  assert.equal(parseCpe('cpe:2.3:a:cisco:dna_spaces\\:_connector:*:*:*:*:*:*:*:*').product, 'dna_spaces:_connector');
  assert.equal(formatCpe(c), 'cpe:2.3:o:cisco:ios:12\\.6\\(1\\):-:*:*:*:*:*:*');
  assert.throws(() => parseCpe('cpe:2.3:a:x'), /11 components/);
  assert.throws(() => parseCpe('cpe:2.3:q:a:b:*:*:*:*:*:*:*:*'), /part/);
  assert.throws(() => parseCpe('nonsense'), /not a CPE/);
});

test('reads CPE 2.2 URIs (JVN)', () => {
  const w = parseCpe('cpe:/a:jacic:electronic_bidding_core_system');
  assert.equal(w.vendor, 'jacic');
  assert.equal(w.version, ANY);
  assert.equal(valueText(parseCpe('cpe:/a:foo%21:bar:1.0').vendor), 'foo!');
  const packed = parseCpe('cpe:/a:vendor:prod:1.0::~~pro~android~~');
  assert.equal(packed.swEdition, 'pro');
  assert.equal(packed.targetSw, 'android');
});

test('matching: ANY, NA and wildcards', () => {
  const pattern = parseCpe('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*');
  assert.ok(cpeMatches(pattern, parseCpe('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:x64:*')));
  assert.ok(!cpeMatches(pattern, parseCpe('cpe:2.3:o:microsoft:windows_7:-:sp2:*:*:*:*:*:*')));
  assert.ok(!cpeMatches(pattern, parseCpe('cpe:2.3:o:microsoft:windows_7:6.1:sp1:*:*:*:*:*:*')), 'NA is not a value');
  const wild = parseCpe('cpe:2.3:a:apache:log4*:2.1?:*:*:*:*:*:*:*');
  assert.ok(cpeMatches(wild, parseCpe('cpe:2.3:a:apache:log4j:2.14:*:*:*:*:*:*:*')));
  assert.ok(!cpeMatches(wild, parseCpe('cpe:2.3:a:apache:log4j:2.2:*:*:*:*:*:*:*')));
  assert.ok(sameProduct(pattern, parseCpe('cpe:/o:microsoft:windows_7')));
  assert.ok(!sameProduct(pattern, parseCpe('cpe:/o:microsoft:windows_10')));
});
