import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupProduct, normModelNumber, normVendor, productName, vendorsMatch } from './aliases.js';

test('vendor names as inventories and advisories write them', () => {
  assert.equal(normVendor('Rockwell Automation '), 'rockwell automation');
  assert.equal(normVendor('Allen-Bradley'), 'rockwell automation');
  assert.equal(normVendor('rockwellautomation'), 'rockwell automation');
  assert.equal(normVendor('Digi International, Inc.'), 'digi');
  assert.equal(normVendor('Microsoft Corporation'), 'microsoft');
  assert.equal(normVendor('Siemens AG'), 'siemens');
  assert.equal(normVendor('schneider-electric'), 'schneider electric');
  assert.ok(vendorsMatch('hitachi', 'hitachi energy'));
  assert.ok(!vendorsMatch('hitachi', 'hitachienergy x'));
  assert.ok(!vendorsMatch('abb', 'abbott'));
});

test('product names: generic words, vendor prefix, order numbers, families', () => {
  assert.deepEqual(productName('SIMATIC S7-1200 CPU family (incl. SIPLUS variants)', 'siemens'), { tokens: ['simatic', 's7', '1200'], family: true, modelNumbers: [] });
  assert.deepEqual(productName('SCALANCE X200-4P IRT (6GK5200-4AH00-2BA3)', 'siemens').modelNumbers, ['6GK5200-4AH00-2BA3']);
  assert.deepEqual(productName('Digi One SP', 'digi').tokens, ['one', 'sp']);
  assert.deepEqual(productName('simatic s7-1200 firmware').tokens, ['simatic', 's7', '1200']);
  assert.equal(normModelNumber('6ES7 516-3AN02-0AB0'), normModelNumber('6es7516-3an02-0ab0'));
});

test('alias table: OS, services and devices', () => {
  assert.deepEqual(lookupProduct('Windows 7 Professional SP1'), { vendor: 'microsoft', product: 'windows_7', part: 'o', update: 'sp1' });
  assert.deepEqual(lookupProduct('Microsoft Windows Server 2008 R2 SP1'), { vendor: 'microsoft', product: 'windows_server_2008', part: 'o', version: 'r2', update: 'sp1' });
  assert.deepEqual(lookupProduct('Samba 4.17.12'), { vendor: 'samba', product: 'samba', part: 'a', version: '4.17.12' });
  assert.deepEqual(lookupProduct('OpenSSH_8.4p1'), { vendor: 'openbsd', product: 'openssh', part: 'a', version: '8.4p1' });
  assert.equal(lookupProduct('Cisco IOS 15.2(4)M')?.version, '15.2(4)m');
  assert.equal(lookupProduct('Claymore Dual Ethereum Miner v11.3')?.product, 'claymore_dual_miner');
  assert.equal(lookupProduct('Intuition 9'), null);
});

test('product names: the plain-ASCII fast path gives what the full normalization gives', () => {
  // Same names with one character that forces the full path ('.' at the end is trimmed from tokens).
  for (const [name, vendor] of [['prod0042 07 firmware', 'vendor0042'], ['simatic s7 1200 cpu family', 'siemens'], ['siemens simatic s7 300', 'siemens'], ['windows 10 1607', 'microsoft'], ['all models', ''], ['  a  b ', ''], ['firmware', 'x']] as const) {
    const fast = productName(name, vendor);
    const full = productName(`${name}.`, vendor);
    assert.deepEqual(fast, full, name);
  }
});
