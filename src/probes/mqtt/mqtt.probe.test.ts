import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { probeContext } from '../../../test/support/probe-context.js';
import { closedPort, startFakeTcp, type FakeServer } from '../../../test/support/daemons/fakes.js';
import { MOSQUITTO_BIN, startMosquitto } from '../../../test/support/daemons/mosquitto.js';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { mqttProbe, type MqttOptions } from './mqtt.probe.js';

const FAKE_IP = '127.0.2.140';
const opts: MqttOptions = { readVersion: true, tls: 'auto' };

test('real mosquitto twins: anonymous accepted with version, anonymous refused', async (t) => {
  if (!requireBinaries(t, MOSQUITTO_BIN)) return;
  const open = await startMosquitto({ ip: '127.0.2.40', anonymous: true });
  t.after(() => open.stop());
  const locked = await startMosquitto({ ip: '127.0.2.41', anonymous: false, users: [{ username: 'plant', password: 's3cret-pass' }] });
  t.after(() => locked.stop());

  const a = await mqttProbe.run(probeContext(open.ip, open.port, { timeoutMs: 3000, options: opts }));
  assert.equal(a.kind, 'identified', JSON.stringify(a));
  if (a.kind === 'identified') {
    assert.equal(a.facts.attributes.anonymousAccepted, true);
    assert.equal(a.facts.attributes.returnCode, 0);
    assert.equal(a.facts.product, 'Mosquitto');
    assert.equal(a.facts.version, '2.0.11');
    assert.deepEqual(a.facts.device?.cpes, ['cpe:2.3:a:eclipse:mosquitto:2.0.11:*:*:*:*:*:*:*']);
    assert.equal(a.facts.transcript?.find((e) => e.dir === 'received')?.excerpt.slice(0, 8), '20020000');
    // never a PUBLISH (0x3X) from the probe
    assert.ok(a.facts.transcript?.filter((e) => e.dir === 'sent').every((e) => !/^3/.test(e.excerpt)));
  }

  const b = await mqttProbe.run(probeContext(locked.ip, locked.port, { timeoutMs: 3000, options: opts }));
  assert.equal(b.kind, 'identified', JSON.stringify(b));
  if (b.kind === 'identified') {
    assert.equal(b.facts.attributes.anonymousAccepted, false);
    assert.equal(b.facts.attributes.returnCode, 5);
    assert.equal(b.facts.attributes.returnCodeText, 'not authorized');
    assert.equal(b.facts.attributes.brokerVersion, null);
  }
});

test('real mosquitto over TLS on 8883: same facts plus the broker certificate', async (t) => {
  if (!requireBinaries(t, MOSQUITTO_BIN)) return;
  const d = await startMosquitto({ ip: '127.0.2.42', anonymous: true, tls: true, cn: 'broker.line3' });
  t.after(() => d.stop());
  const out = await mqttProbe.run(probeContext(d.ip, d.port, { timeoutMs: 3000, options: opts }));
  assert.equal(out.kind, 'identified', JSON.stringify(out));
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.service, 'mqtt');
  assert.equal(out.facts.attributes.tls, true);
  assert.equal(out.facts.attributes.anonymousAccepted, true);
  assert.equal(out.facts.version, '2.0.11');
  assert.equal(out.facts.attributes.certificate?.subjectCN, 'broker.line3');
  // clear-text MQTT against the TLS listener is not MQTT
  const clear = await mqttProbe.run(probeContext(d.ip, d.port, { timeoutMs: 1000, options: { readVersion: true, tls: 'never' } }));
  assert.equal(clear.kind, 'not-matched');
});

let silent: FakeServer, http: FakeServer, garbled: FakeServer, truncated: FakeServer;
before(async () => {
  silent = await startFakeTcp(FAKE_IP, { kind: 'silent' });
  http = await startFakeTcp(FAKE_IP, { kind: 'reply', bytes: 'HTTP/1.1 400 Bad Request\r\n\r\n', close: true });
  garbled = await startFakeTcp(FAKE_IP, { kind: 'reply', bytes: Buffer.from('20ffffffffff' + '00'.repeat(100), 'hex') });
  truncated = await startFakeTcp(FAKE_IP, { kind: 'reply', bytes: Buffer.from('2002', 'hex'), close: true });
});
after(async () => {
  await Promise.all([silent, http, garbled, truncated].map((s) => s.stop()));
});

test('refused port → unreachable/refused', async () => {
  const out = await mqttProbe.run(probeContext(FAKE_IP, await closedPort(FAKE_IP), { timeoutMs: 500, options: opts }));
  assert.deepEqual(out, { kind: 'unreachable', reason: 'refused' });
});

test('silent server → not-matched within the deadline', async () => {
  const out = await mqttProbe.run(probeContext(FAKE_IP, silent.port, { timeoutMs: 300, options: opts }));
  assert.equal(out.kind, 'not-matched');
});

test('another protocol on the port → not-matched', async () => {
  const out = await mqttProbe.run(probeContext(FAKE_IP, http.port, { timeoutMs: 500, options: opts }));
  assert.equal(out.kind, 'not-matched');
});

test('garbage and truncated CONNACK → not-matched, never a crash', async () => {
  for (const s of [garbled, truncated]) {
    const out = await mqttProbe.run(probeContext(FAKE_IP, s.port, { timeoutMs: 400, options: opts }));
    assert.equal(out.kind, 'not-matched', JSON.stringify(out));
  }
});
