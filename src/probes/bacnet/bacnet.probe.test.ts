// Against the BACnet/IP EMULATOR (test/support/emulators/bacnet.ts) on 127.0.4.40, plus the negative
// cases. The emulator records every service: the tests prove no write service was sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBacnetEmulator, type BacnetEmulatorOptions } from '../../../test/support/emulators/bacnet.js';
import { refusedPort, udpServer } from '../../../test/support/emulators/raw-servers.js';
import { probeContext } from '../../../test/support/probe-context.js';
import { bacnetProbe } from './bacnet.probe.js';

const HOST = '127.0.4.40';

async function probeEmulator(t: { after(fn: () => Promise<void>): void }, o: Omit<BacnetEmulatorOptions, 'host'>) {
  const emu = await startBacnetEmulator({ host: HOST, ...o });
  t.after(() => emu.close());
  const out = await bacnetProbe.run(probeContext(HOST, emu.port, { timeoutMs: 3000 }));
  assert.deepEqual(emu.stats().writeAttempts, []);
  return { out, st: emu.stats() };
}

test('Who-Is answered: instance from I-Am, then the Device object properties', async (t) => {
  const { out, st } = await probeEmulator(t, { instance: 3405, vendorId: 5 });
  assert.deepEqual(st.services, ['who-is', 'read-property:77', 'read-property:121', 'read-property:70', 'read-property:44', 'read-property:12']);
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.device?.vendor, 'Johnson Controls, Inc.');
  assert.equal(out.facts.device?.model, 'MS-NAE5510-2');
  assert.deepEqual(out.facts.device?.firmware, { version: '9.0.0.4235' });
  assert.equal(out.facts.device?.kind, 'building-controller');
  assert.equal(out.facts.attributes.instance, 3405);
  assert.equal(out.facts.attributes.vendorId, 5);
  assert.equal(out.facts.attributes.properties.applicationSoftwareVersion, '9.0');
  assert.equal(out.facts.attributes.properties.objectName, 'NAE-01');
});

test('no unicast I-Am: wildcard instance, vendor-identifier read instead, UCS-2 strings', async (t) => {
  const { out, st } = await probeEmulator(t, { unicastIAm: false, charset: 4, vendorName: 'Siemens Building Technologies', vendorId: 7, modelName: 'PXC100-E.D' });
  assert.equal(st.services.at(-1), 'read-property:120');
  assert.equal(out.kind === 'identified' && out.facts.attributes.iAm, false);
  assert.equal(out.kind === 'identified' && out.facts.attributes.vendorId, 7);
  assert.equal(out.kind === 'identified' && out.facts.device?.vendor, 'Siemens Building Technologies');
  assert.equal(out.kind === 'identified' && out.facts.device?.model, 'PXC100-E.D');
});

test('properties a device refuses are left out, not guessed', async (t) => {
  const { out } = await probeEmulator(t, { missing: [70, 12] });
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.device?.model, undefined);
  assert.equal(out.facts.attributes.properties.applicationSoftwareVersion, undefined);
  assert.equal(out.facts.device?.vendor, 'Johnson Controls, Inc.');
});

test('refused / closed UDP port: no answer is unreachable', async () => {
  const port = await refusedPort(HOST);
  assert.equal((await bacnetProbe.run(probeContext(HOST, port, { timeoutMs: 600 }))).kind, 'unreachable');
});

test('timeout: a silent UDP service', async (t) => {
  const u = await udpServer(HOST, null);
  t.after(() => u.close());
  assert.deepEqual(await bacnetProbe.run(probeContext(HOST, u.port, { timeoutMs: 600 })), { kind: 'unreachable', reason: 'timeout' });
  assert.equal(u.datagrams, 2, 'Who-Is, one ReadProperty, then stop');
});

test('not-matched: another UDP protocol', async (t) => {
  const dns = await udpServer(HOST, Buffer.from('abcd81800001000000000000', 'hex'));
  t.after(() => dns.close());
  assert.equal((await bacnetProbe.run(probeContext(HOST, dns.port, { timeoutMs: 1500 }))).kind, 'not-matched');
});

test('truncated or garbled replies give not-matched', async (t) => {
  // A BVLC header whose length lies, and an ACK cut before its closing tag.
  const lying = await udpServer(HOST, Buffer.from('810a00ff01003001', 'hex'));
  const cut = await udpServer(HOST, Buffer.from('810a0016010030010c0c023fffff194d3e7505004142', 'hex'));
  t.after(() => Promise.all([lying.close(), cut.close()]).then(() => undefined));
  for (const s of [lying, cut]) assert.equal((await bacnetProbe.run(probeContext(HOST, s.port, { timeoutMs: 1500 }))).kind, 'not-matched');
});
