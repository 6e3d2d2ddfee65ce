import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeConnectionConfirm, encodeConnectionRequest, PROTOCOL, tpktComplete } from './x224.js';

test('Connection Request bytes (MS-RDPBCGR §4.1.1 shape, no cookie)', () => {
  assert.equal(encodeConnectionRequest(PROTOCOL.SSL | PROTOCOL.HYBRID).toString('hex'), '030000130ee00000000000010008000300 0000'.replace(/ /g, ''));
  const withCookie = encodeConnectionRequest(0, 'mamori');
  assert.equal(withCookie.readUInt16BE(2), withCookie.length);
  assert.match(withCookie.toString('latin1'), /Cookie: mstshash=mamori\r\n/);
});

test('Connection Confirm: selected, failure, legacy', () => {
  // §4.1.2: server selects PROTOCOL_HYBRID with EXTENDED_CLIENT_DATA_SUPPORTED
  assert.deepEqual(decodeConnectionConfirm(Buffer.from('030000130ed000001234000201080002000000', 'hex')), { kind: 'selected', protocol: 2, flags: 1 });
  assert.deepEqual(decodeConnectionConfirm(Buffer.from('030000130ed000001234000300080005000000', 'hex')), { kind: 'failure', code: 5 });
  assert.deepEqual(decodeConnectionConfirm(Buffer.from('0300000b06d00000123400', 'hex')), { kind: 'no-negotiation' });
});

test('hostile confirms → null, never a throw', () => {
  for (const h of ['', '03', '0300ffff0ed0', '030000130ee000001234000201080002000000', '030000130ed000001234000909080002000000', '030000130ed000001234000201ff0002000000', '160301002a', '0300000b20d00000123400']) {
    assert.equal(decodeConnectionConfirm(Buffer.from(h, 'hex')), null, h);
  }
  assert.equal(tpktComplete(Buffer.from('16', 'hex')), true);
  assert.equal(tpktComplete(Buffer.from('03000013', 'hex')), false);
});
