import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeConnack, decodePublish, encodeConnect, encodeDisconnect, encodeSubscribe, fingerprintBrokerVersion, readPacket } from './mqtt-packets.js';

test('CONNECT bytes (3.1.1, clean session, no credentials)', () => {
  assert.equal(encodeConnect('mamori-1', 30).toString('hex'), '101400044d5154540402001e00086d616d6f72692d31');
  assert.equal(encodeSubscribe(1, '$SYS/broker/version').toString('hex'), '82180001001324535953' + Buffer.from('/broker/version').toString('hex') + '00');
  assert.equal(encodeDisconnect().toString('hex'), 'e000');
});

test('CONNACK decoding: accepted, not authorized (mosquitto 2.0.11 captures)', () => {
  const ok = readPacket(Buffer.from('20020000', 'hex'));
  assert.ok(typeof ok === 'object');
  assert.deepEqual(decodeConnack(ok), { sessionPresent: false, returnCode: 0 });
  const denied = readPacket(Buffer.from('20020005', 'hex'));
  assert.ok(typeof denied === 'object');
  assert.equal(decodeConnack(denied)?.returnCode, 5);
});

test('retained PUBLISH of $SYS/broker/version', () => {
  const topic = Buffer.from('$SYS/broker/version');
  const payload = Buffer.from('mosquitto version 2.0.11');
  const body = Buffer.concat([Buffer.from([0, topic.length]), topic, payload]);
  const p = readPacket(Buffer.concat([Buffer.from([0x31, body.length]), body]));
  assert.ok(typeof p === 'object');
  const pub = decodePublish(p);
  assert.equal(pub?.topic, '$SYS/broker/version');
  assert.deepEqual(fingerprintBrokerVersion(pub!.payload.toString()), {
    product: 'Mosquitto', version: '2.0.11', cpes: ['cpe:2.3:a:eclipse:mosquitto:2.0.11:*:*:*:*:*:*:*'],
  });
});

test('malformed input never throws', () => {
  assert.equal(readPacket(Buffer.from('20', 'hex')), 'incomplete');
  assert.equal(readPacket(Buffer.from('20ffffffff01', 'hex')), 'invalid');
  assert.equal(readPacket(Buffer.from('20ffff7f', 'hex')), 'invalid'); // 2 MB body > cap
  assert.equal(readPacket(Buffer.from('2002', 'hex')), 'incomplete');
  const odd = readPacket(Buffer.from('2002fe00', 'hex'));
  assert.ok(typeof odd === 'object');
  assert.equal(decodeConnack(odd), null);
  const shortPub = readPacket(Buffer.from('3003ffff00', 'hex'));
  assert.ok(typeof shortPub === 'object');
  assert.equal(decodePublish(shortPub), null);
});
