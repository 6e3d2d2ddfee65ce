import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureUrl, readFixture } from '../../../test/support/emulators/fixture-file.js';
import { decodeS7, decodeSetupAck, decodeSzlResponse, encodeS7, encodeSetupCommunication, encodeSzlError, encodeSzlRead, ROSCTR } from './s7.js';
import { componentRecord, familyOf, parseComponentIdentification, parseModuleIdentification, s7Cpes } from './szl.js';
import { decodeCotp, decodeTpkt, encodeCotpCr, encodeCotpDt, encodeTpkt, tpktComplete } from './tpkt-cotp.js';

const fx = (n: string) => readFixture(fixtureUrl(import.meta.url, n));
const unwrap = (b: Buffer) => {
  const t = decodeTpkt(b);
  assert.ok(t.ok);
  const c = decodeCotp(t.payload);
  assert.equal(c?.kind, 'data');
  return c?.kind === 'data' ? c.data : Buffer.alloc(0);
};

test('requests are byte-exact', () => {
  assert.deepEqual(encodeTpkt(encodeCotpCr({ srcRef: 1, callingTsap: 0x0100, calledTsap: 0x0102 })), fx('cotp-cr-rack0-slot2.hex'));
  assert.deepEqual(encodeTpkt(encodeCotpDt(encodeSetupCommunication(0x0100))), fx('s7-setup-communication.hex'));
  assert.deepEqual(encodeTpkt(encodeCotpDt(encodeSzlRead(0x0200, 0x0011, 0x0001))), fx('s7-szl-read-0011.hex'));
});

test('decodes the COTP CR parameters', () => {
  const t = decodeTpkt(fx('cotp-cr-rack0-slot2.hex'));
  assert.ok(t.ok);
  const c = decodeCotp(t.payload);
  assert.equal(c?.kind, 'connect');
  if (c?.kind !== 'connect') return;
  assert.equal(c.params.get(0xc2)?.toString('hex'), '0102');
  assert.equal(c.params.get(0xc1)?.toString('hex'), '0100');
});

test('decodes the S7-1200 SZL 0x0011 reply: order number and firmware', () => {
  const p = decodeS7(unwrap(fx('s7-1200-szl-0011-response.hex')));
  assert.ok(p);
  const szl = decodeSzlResponse(p);
  assert.ok(szl?.ok);
  if (!szl?.ok) return;
  assert.equal(szl.szlId, 0x0011);
  assert.equal(szl.records.length, 3);
  const m = parseModuleIdentification(szl.records);
  assert.deepEqual(m, { orderNumber: '6ES7 214-1AG40-0XB0', firmwareVersion: '4.2.1', hardwareVersion: '1' });
  assert.equal(familyOf(m.orderNumber ?? ''), 'S7-1200');
  assert.deepEqual(s7Cpes('S7-1200', '4.2.1'), ['cpe:2.3:o:siemens:simatic_s7-1200_firmware:4.2.1:*:*:*:*:*:*:*', 'cpe:2.3:h:siemens:simatic_s7-1200:-:*:*:*:*:*:*:*']);
});

test('component identification records', () => {
  const c = parseComponentIdentification([componentRecord(2, 'PLC_1'), componentRecord(5, 'S V-L9AL73582016'), componentRecord(3, '')]);
  assert.equal(c.moduleName, 'PLC_1');
  assert.equal(c.serialNumber, 'S V-L9AL73582016');
  assert.equal(c.plantId, null);
});

test('families from order numbers', () => {
  assert.equal(familyOf('6ES7 315-2EH14-0AB0'), 'S7-300');
  assert.equal(familyOf('6ES7 214-1BD23-0XB0'), 'S7-200');
  assert.equal(familyOf('6ES7 516-3AN01-0AB0'), 'S7-1500');
  assert.equal(familyOf('6ES7 412-2EK06-0AB0'), 'S7-400');
  assert.equal(familyOf('Boot Loader'), null);
});

test('setup ack, SZL errors, and malformed PDUs', () => {
  const ack = decodeS7(encodeS7({ rosctr: ROSCTR.ACK_DATA, pduRef: 1, param: Buffer.from('f0000001000100f0', 'hex'), data: Buffer.alloc(0) }));
  assert.deepEqual(ack && decodeSetupAck(ack), { pduLength: 240 });
  const err = decodeS7(encodeSzlError(2, 0, 0x0a, 0xd401));
  assert.deepEqual(err && decodeSzlResponse(err), { ok: false, returnCode: 0x0a, errorCode: 0xd401 });
  const good = unwrap(fx('s7-1200-szl-0011-response.hex'));
  assert.equal(decodeS7(good.subarray(0, good.length - 3)), null, 'length mismatch');
  const lying = Buffer.from(good);
  lying.writeUInt16BE(0x00ff, 22 + 4 + 6); // record count far beyond the data
  const p = decodeS7(lying);
  assert.equal(p && decodeSzlResponse(p), null);
  assert.equal(decodeS7(Buffer.from('SSH-2.0-OpenSSH_9')), null);
  assert.equal(decodeTpkt(Buffer.from('HTTP/1.1 400')).ok, false);
  assert.equal(tpktComplete(Buffer.from('HTTP/1.1 400')), true);
  assert.equal(tpktComplete(Buffer.from([3, 0, 0, 50, 1])), false);
  assert.equal(decodeCotp(Buffer.from([0x40, 0xe0])), null);
});
