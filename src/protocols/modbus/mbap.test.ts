import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureUrl, readFixture } from '../../../test/support/emulators/fixture-file.js';
import { decodeDeviceIdResponse, decodeException, encodeDeviceIdRequest } from './device-id.js';
import { isWriteFunctionCode } from './function-codes.js';
import { decodeMbap, encodeMbap, mbapComplete } from './mbap.js';

const fx = (n: string) => readFixture(fixtureUrl(import.meta.url, n));

test('encodes the basic device-id request exactly', () => {
  assert.equal(encodeMbap({ transactionId: 1, unitId: 0xff, pdu: encodeDeviceIdRequest(1, 0) }).toString('hex'), '000100000005ff2b0e0100');
});

test('round-trips MBAP frames and keeps trailing bytes', () => {
  const f = { transactionId: 0x1234, unitId: 7, pdu: Buffer.from([0x03, 0, 0, 0, 1]) };
  const wire = Buffer.concat([encodeMbap(f), Buffer.from([0xaa])]);
  const d = decodeMbap(wire);
  assert.ok(d.ok);
  assert.deepEqual(d.frame, f);
  assert.deepEqual([...d.rest], [0xaa]);
  assert.throws(() => encodeMbap({ transactionId: 0, unitId: 0, pdu: Buffer.alloc(254) }));
});

test('decodes the pymodbus basic and regular replies', () => {
  const basic = decodeMbap(fx('pymodbus-3.0-devid-basic.hex'));
  assert.ok(basic.ok);
  const b = decodeDeviceIdResponse(basic.frame.pdu);
  assert.equal(b?.kind, 'objects');
  if (b?.kind !== 'objects') return;
  assert.equal(b.conformity, 0x83);
  assert.equal(b.moreFollows, false);
  assert.deepEqual(b.objects, [
    { id: 0, value: 'Schneider Electric' },
    { id: 1, value: 'BMX P34 2020' },
    { id: 2, value: 'v2.8' },
  ]);
  const reg = decodeMbap(fx('pymodbus-3.0-devid-regular.hex'));
  assert.ok(reg.ok);
  const r = decodeDeviceIdResponse(reg.frame.pdu);
  assert.equal(r?.kind === 'objects' && r.objects.length, 7);
  assert.equal(r?.kind === 'objects' && r.objects.find((o) => o.id === 6)?.value, 'PUMPSTATION_1');
});

test('decodes exceptions', () => {
  const e = decodeMbap(fx('pymodbus-3.0-illegal-function.hex'));
  assert.ok(e.ok);
  assert.deepEqual(decodeException(e.frame.pdu), { kind: 'exception', functionCode: 0x42, code: 1, name: 'Illegal Function' });
  assert.deepEqual(decodeDeviceIdResponse(Buffer.from([0xab, 0x01])), { kind: 'exception', functionCode: 0x2b, code: 1, name: 'Illegal Function' });
});

test('truncated, overrunning and foreign bytes never decode', () => {
  const good = fx('pymodbus-3.0-devid-basic.hex');
  assert.equal(decodeMbap(good.subarray(0, 20)).ok, false);
  assert.equal(mbapComplete(good.subarray(0, 20)), false);
  assert.equal(mbapComplete(Buffer.from('SSH-2.0-OpenSSH')), true);
  assert.equal(decodeMbap(Buffer.from('HTTP/1.1 400 Bad')).ok, false);
  const d = decodeMbap(good);
  assert.ok(d.ok);
  const pdu = Buffer.from(d.frame.pdu);
  pdu[8] = 0x40; // first object's length now runs past the end
  assert.equal(decodeDeviceIdResponse(pdu), null);
  assert.equal(decodeDeviceIdResponse(d.frame.pdu.subarray(0, d.frame.pdu.length - 1)), null);
  const more = Buffer.from(d.frame.pdu);
  more[4] = 0x12; // MoreFollows must be 00 or FF
  assert.equal(decodeDeviceIdResponse(more), null);
  assert.equal(decodeDeviceIdResponse(Buffer.from([0x03, 0x02, 0x00, 0x00])), null);
});

test('write function codes are flagged, unknown ones too', () => {
  for (const fc of [0x05, 0x06, 0x0f, 0x10, 0x15, 0x16, 0x17, 0x08, 0x5a, 0x64]) assert.ok(isWriteFunctionCode(fc), String(fc));
  for (const fc of [0x01, 0x02, 0x03, 0x04, 0x2b, 0x11]) assert.ok(!isWriteFunctionCode(fc), String(fc));
});
