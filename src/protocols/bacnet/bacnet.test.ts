import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureUrl, readFixture } from '../../../test/support/emulators/fixture-file.js';
import { decodeIAm, decodeReadPropertyReply, encodeReadProperty, encodeWhoIs, OBJECT_DEVICE, PROPERTIES, WILDCARD_INSTANCE } from './apdu.js';
import { decodeBacnetIp, encodeBacnetIp } from './bvlc-npdu.js';
import { decodeCharacterString, decodeTag, encodeCharacterStringApp } from './tags.js';

const fx = (n: string) => readFixture(fixtureUrl(import.meta.url, n));

test('requests are byte-exact', () => {
  assert.equal(encodeBacnetIp(encodeWhoIs(), false).toString('hex'), '810a000801001008');
  assert.equal(
    encodeBacnetIp(encodeReadProperty(1, OBJECT_DEVICE, WILDCARD_INSTANCE, PROPERTIES.VENDOR_NAME), true).toString('hex'),
    '810a001101040005010c0c023fffff1979',
  );
});

test('decodes a routed global Who-Is down to its APDU', () => {
  const d = decodeBacnetIp(fx('who-is-global-broadcast.hex'));
  assert.equal(d?.bvlcFunction, 0x0b);
  assert.equal(d?.apdu.toString('hex'), '1008');
});

test('decodes I-Am', () => {
  const d = decodeBacnetIp(fx('i-am-device-3405.hex'));
  assert.ok(d);
  assert.deepEqual(decodeIAm(d.apdu), { instance: 3405, maxApdu: 1476, segmentation: 3, vendorId: 5 });
});

test('decodes a ReadProperty ACK and an Error', () => {
  const a = decodeBacnetIp(fx('read-property-ack-vendor-name.hex'));
  assert.ok(a);
  assert.deepEqual(decodeReadPropertyReply(a.apdu), {
    kind: 'ack', invokeId: 1, objectType: 8, instance: 3405, property: 121, values: [{ type: 'string', value: 'Johnson Controls, Inc.' }],
  });
  const e = decodeBacnetIp(fx('read-property-error-unknown-property.hex'));
  assert.ok(e);
  assert.deepEqual(decodeReadPropertyReply(e.apdu), { kind: 'error', invokeId: 2, errorClass: 2, errorCode: 32 });
});

test('character sets: UTF-8, UCS-2 and ISO 8859-1', () => {
  const ucs2 = encodeCharacterStringApp('Bâtiment A', 4);
  const t = decodeTag(ucs2, 0);
  assert.ok(t);
  assert.equal(decodeCharacterString(ucs2.subarray(t.headerLength, t.headerLength + t.length)), 'Bâtiment A');
  assert.equal(decodeCharacterString(Buffer.from([5, 0x42, 0xe2, 0x74])), 'Bât');
  assert.equal(decodeCharacterString(Buffer.from([4, 0x00])), null);
  assert.equal(decodeCharacterString(Buffer.from([9, 0x41])), null);
});

test('truncated, lying and foreign datagrams never decode', () => {
  const ack = fx('read-property-ack-vendor-name.hex');
  assert.equal(decodeBacnetIp(ack.subarray(0, ack.length - 3)), null, 'BVLC length mismatch');
  const d = decodeBacnetIp(ack);
  assert.ok(d);
  assert.equal(decodeReadPropertyReply(d.apdu.subarray(0, d.apdu.length - 1)), null, 'no closing tag');
  const lying = Buffer.from(d.apdu);
  lying[12] = 0xf0; // string length far past the end
  assert.equal(decodeReadPropertyReply(lying), null);
  assert.equal(decodeBacnetIp(Buffer.from('abcd81800001000000000000', 'hex')), null);
  assert.equal(decodeBacnetIp(Buffer.from('810a0006 0180'.replace(' ', ''), 'hex')), null, 'network-layer message');
  assert.equal(decodeIAm(Buffer.from('1000c4', 'hex')), null);
  assert.equal(decodeIAm(Buffer.from('1000c4004000012205c4910321 05'.replace(' ', ''), 'hex')), null, 'not a device object');
});
