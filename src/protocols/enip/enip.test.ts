import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureUrl, readFixture } from '../../../test/support/emulators/fixture-file.js';
import { decodeEncap, encapComplete, encodeEncap } from './encap.js';
import { decodeListIdentityReply, encodeIdentityItem, encodeListIdentity } from './list-identity.js';
import { deviceKind, vendorShortName } from './vendors.js';

const fx = (n: string) => readFixture(fixtureUrl(import.meta.url, n));

test('ListIdentity request is 24 bytes: command 0x63, no data, our sender context', () => {
  assert.equal(encodeListIdentity(Buffer.from('mamori01')).toString('hex'), '630000000000000000000000' + Buffer.from('mamori01').toString('hex') + '00000000');
});

test('decodes the Logix5561 reply', () => {
  const d = decodeEncap(fx('logix5561-list-identity-reply.hex'));
  assert.ok(d.ok);
  assert.equal(d.rest.length, 0);
  assert.equal(d.frame.context.toString(), 'mamori01');
  const id = decodeListIdentityReply(d.frame);
  assert.ok(id);
  assert.equal(id.vendorId, 1);
  assert.equal(id.vendor, 'Rockwell Automation/Allen-Bradley');
  assert.equal(vendorShortName(id.vendorId), 'Rockwell Automation');
  assert.equal(id.deviceType, 14);
  assert.equal(id.deviceTypeName, 'Programmable Logic Controller');
  assert.equal(deviceKind(id.deviceType), 'plc');
  assert.equal(id.productCode, 54);
  assert.equal(id.revision, '20.11');
  assert.equal(id.serialNumber, '00c0ffee');
  assert.equal(id.productName, '1756-L61/B LOGIX5561');
  assert.equal(id.state, 3);
  assert.deepEqual(id.socketAddress, { family: 2, port: 44818, ip: '192.0.2.10' });
});

test('round-trips an identity item through the encoder', () => {
  const data = encodeIdentityItem({
    encapsulationVersion: 1, socketAddress: { family: 2, port: 44818, ip: '127.0.4.30' }, vendorId: 243, deviceType: 0x0e,
    productCode: 2049, revision: [2, 10], status: 0x0030, serialNumber: '8a1b2c3d', productName: 'BMX NOC 0401', state: 3,
  });
  const d = decodeEncap(encodeEncap({ command: 0x63, data }));
  assert.ok(d.ok);
  const id = decodeListIdentityReply(d.frame);
  assert.equal(id?.vendor, 'Schneider Automation, Inc.');
  assert.equal(id?.serialNumber, '8a1b2c3d');
  assert.equal(id?.productName, 'BMX NOC 0401');
});

test('short, lying or foreign frames never decode', () => {
  const good = fx('logix5561-list-identity-reply.hex');
  assert.equal(encapComplete(good.subarray(0, 30)), false);
  assert.equal(decodeEncap(good.subarray(0, 30)).ok, false);
  const d = decodeEncap(good);
  assert.ok(d.ok);
  const lying = { ...d.frame, data: Buffer.from(d.frame.data) };
  lying.data.writeUInt16LE(0x0400, 4); // item length past the end
  assert.equal(decodeListIdentityReply(lying), null);
  const nameTooLong = { ...d.frame, data: Buffer.from(d.frame.data) };
  nameTooLong.data[6 + 32] = 200;
  assert.equal(decodeListIdentityReply(nameTooLong), null);
  assert.equal(decodeListIdentityReply({ ...d.frame, status: 1 }), null);
  assert.equal(decodeListIdentityReply({ ...d.frame, command: 0x65 }), null);
  const http = decodeEncap(Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  assert.ok(!http.ok || decodeListIdentityReply(http.frame) === null);
});
