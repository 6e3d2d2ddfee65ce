// Against the EtherNet/IP EMULATOR (test/support/emulators/enip.ts) on 127.0.4.30 (TCP and UDP), plus
// the negative cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEnipEmulator, type EnipEmulatorOptions } from '../../../test/support/emulators/enip.js';
import { refusedPort, replyServer, silentServer, udpServer } from '../../../test/support/emulators/raw-servers.js';
import { probeContext } from '../../../test/support/probe-context.js';
import { enipProbe, enipUdpProbe } from './enip.probe.js';

const HOST = '127.0.4.30';

async function start(t: { after(fn: () => Promise<void>): void }, o: Omit<EnipEmulatorOptions, 'host'> = {}) {
  const emu = await startEnipEmulator({ host: HOST, ...o });
  t.after(() => emu.close());
  return emu;
}

test('TCP: a Rockwell ControlLogix', async (t) => {
  const emu = await start(t);
  const out = await enipProbe.run(probeContext(HOST, emu.port, { timeoutMs: 1500 }));
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.device?.vendor, 'Rockwell Automation');
  assert.equal(out.facts.device?.kind, 'plc');
  assert.equal(out.facts.device?.model, '1756-L61/B LOGIX5561');
  assert.deepEqual(out.facts.device?.firmware, { version: '20.11' });
  assert.equal(out.facts.device?.serial, '00c0ffee');
  assert.equal(out.facts.attributes.productCode, 54);
  const st = emu.stats();
  assert.deepEqual(st.commands, [0x63]);
  assert.equal(st.connections, 1);
  assert.deepEqual(st.writeAttempts, []);
});

test('UDP: a Schneider HMI, and an unknown vendor id stays numeric', async (t) => {
  const schneider = await start(t, { vendorId: 243, deviceType: 0x18, productName: 'HMIGTO5310', revision: [3, 2], serialNumber: '0badcafe' });
  const out = await enipUdpProbe.run(probeContext(HOST, schneider.port, { timeoutMs: 1500 }));
  assert.equal(out.kind, 'identified');
  assert.equal(out.kind === 'identified' && out.facts.device?.vendor, 'Schneider Electric');
  assert.equal(out.kind === 'identified' && out.facts.device?.kind, 'hmi');
  assert.equal(schneider.stats().udpDatagrams, 1);
  assert.equal(schneider.stats().connections, 0);
  const odd = await start(t, { vendorId: 9999, deviceType: 0x77 });
  const o2 = await enipProbe.run(probeContext(HOST, odd.port, { timeoutMs: 1500 }));
  assert.equal(o2.kind === 'identified' && o2.facts.device?.vendor, 'CIP vendor 9999');
  assert.equal(o2.kind === 'identified' && o2.facts.device?.kind, undefined);
});

test('refused (TCP) and no answer (UDP)', async () => {
  const port = await refusedPort(HOST);
  assert.deepEqual(await enipProbe.run(probeContext(HOST, port, { timeoutMs: 500 })), { kind: 'unreachable', reason: 'refused' });
  assert.equal((await enipUdpProbe.run(probeContext(HOST, port, { timeoutMs: 300 }))).kind, 'unreachable');
});

test('timeout: a silent server (TCP and UDP)', async (t) => {
  const s = await silentServer(HOST);
  const u = await udpServer(HOST, null);
  t.after(() => Promise.all([s.close(), u.close()]).then(() => undefined));
  assert.deepEqual(await enipProbe.run(probeContext(HOST, s.port, { timeoutMs: 300 })), { kind: 'unreachable', reason: 'timeout' });
  assert.deepEqual(await enipUdpProbe.run(probeContext(HOST, u.port, { timeoutMs: 300 })), { kind: 'unreachable', reason: 'timeout' });
  assert.equal(u.datagrams, 1);
});

test('not-matched: another protocol', async (t) => {
  const http = await replyServer(HOST, 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n', { close: true });
  const dns = await udpServer(HOST, Buffer.from('abcd81800001000000000000', 'hex'));
  t.after(() => Promise.all([http.close(), dns.close()]).then(() => undefined));
  assert.equal((await enipProbe.run(probeContext(HOST, http.port, { timeoutMs: 500 }))).kind, 'not-matched');
  assert.equal((await enipUdpProbe.run(probeContext(HOST, dns.port, { timeoutMs: 500 }))).kind, 'not-matched');
});

test('truncated or garbled replies give not-matched', async (t) => {
  const head = Buffer.from('63003c00000000000000000061626364656667680000000001000c003600', 'hex');
  const truncated = await replyServer(HOST, head, { close: true });
  const wrongContext = await replyServer(HOST, Buffer.concat([head.subarray(0, 24), Buffer.alloc(0x3c)]), { close: true });
  const garbage = await replyServer(HOST, Buffer.from('ff'.repeat(40), 'hex'), { close: true });
  t.after(() => Promise.all([truncated.close(), wrongContext.close(), garbage.close()]).then(() => undefined));
  for (const s of [truncated, wrongContext, garbage]) assert.equal((await enipProbe.run(probeContext(HOST, s.port, { timeoutMs: 500 }))).kind, 'not-matched');
});
