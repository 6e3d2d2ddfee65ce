// Against the S7comm EMULATOR (test/support/emulators/s7comm.ts) on 127.0.4.20, plus the negative cases.
// The emulator counts connections, called TSAPs and functions: the tests prove one connection at a time
// and no write/stop/download function.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusedPort, replyServer, silentServer } from '../../../test/support/emulators/raw-servers.js';
import { startS7Emulator, type S7EmulatorOptions } from '../../../test/support/emulators/s7comm.js';
import { probeContext } from '../../../test/support/probe-context.js';
import { s7commProbe, type S7commOptions } from './s7comm.probe.js';

const HOST = '127.0.4.20';
const OPTS: S7commOptions = { calledTsaps: [0x0102, 0x0200] };

async function probeEmulator(t: { after(fn: () => Promise<void>): void }, o: Omit<S7EmulatorOptions, 'host'>) {
  const emu = await startS7Emulator({ host: HOST, ...o });
  t.after(() => emu.close());
  const out = await s7commProbe.run(probeContext(HOST, emu.port, { timeoutMs: 2000, options: OPTS }));
  const st = emu.stats();
  assert.equal(st.maxConcurrent, 1, 'one connection at a time');
  assert.deepEqual(st.writeAttempts, [], 'no write function');
  return { out, st };
}

test('S7-1200: order number, firmware V4.2.1, serial, CPEs', async (t) => {
  const { out, st } = await probeEmulator(t, { preset: 's7-1200', plantId: 'LINE-3' });
  assert.deepEqual(st.calledTsaps, [0x0102]);
  assert.deepEqual(st.functions, ['setup-communication', 'szl-read:0x0011', 'szl-read:0x001c']);
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  const d = out.facts.device;
  assert.equal(d?.vendor, 'Siemens');
  assert.equal(d?.kind, 'plc');
  assert.equal(d?.class, 'ot');
  assert.equal(d?.model, 'S7-1200');
  assert.deepEqual(d?.firmware, { version: '4.2.1' });
  assert.equal(d?.serial, 'S V-L9AL73582016');
  assert.deepEqual(d?.cpes, ['cpe:2.3:o:siemens:simatic_s7-1200_firmware:4.2.1:*:*:*:*:*:*:*', 'cpe:2.3:h:siemens:simatic_s7-1200:-:*:*:*:*:*:*:*']);
  assert.equal(out.facts.attributes.module?.orderNumber, '6ES7 214-1AG40-0XB0');
  assert.equal(out.facts.attributes.component?.plantId, 'LINE-3');
  assert.equal(out.facts.attributes.component?.moduleTypeName, 'CPU 1214C DC/DC/DC');
  assert.equal(out.facts.attributes.pduLength, 240);
});

test('S7-300 that only accepts TSAP 0x0200: falls back on a second, sequential connection', async (t) => {
  const { out, st } = await probeEmulator(t, { preset: 's7-300', acceptedTsaps: [0x0200] });
  assert.deepEqual(st.calledTsaps, [0x0102, 0x0200]);
  assert.equal(st.connections, 2);
  assert.equal(out.kind === 'identified' && out.facts.device?.model, 'S7-300');
  assert.equal(out.kind === 'identified' && out.facts.version, '3.2.6');
  assert.equal(out.kind === 'identified' && out.facts.attributes.calledTsap, 0x0200);
});

test('a CPU that refuses SZL 0x001C still identifies from 0x0011', async (t) => {
  const { out } = await probeEmulator(t, { preset: 's7-1200', componentSzl: false });
  assert.equal(out.kind, 'identified');
  assert.equal(out.kind === 'identified' && out.facts.attributes.component, null);
  assert.equal(out.kind === 'identified' && out.facts.device?.serial, undefined);
});

test('no accepted TSAP: not-matched after two connections', async (t) => {
  const { out, st } = await probeEmulator(t, { acceptedTsaps: [0x0301] });
  assert.equal(out.kind, 'not-matched');
  assert.equal(st.connections, 2);
});

test('refused', async () => {
  const port = await refusedPort(HOST);
  assert.deepEqual(await s7commProbe.run(probeContext(HOST, port, { timeoutMs: 500, options: OPTS })), { kind: 'unreachable', reason: 'refused' });
});

test('timeout: a silent server', async (t) => {
  const s = await silentServer(HOST);
  t.after(() => s.close());
  assert.deepEqual(await s7commProbe.run(probeContext(HOST, s.port, { timeoutMs: 300, options: OPTS })), { kind: 'unreachable', reason: 'timeout' });
});

test('not-matched: another protocol', async (t) => {
  const http = await replyServer(HOST, 'HTTP/1.1 400 Bad Request\r\n\r\n', { close: true });
  const ssh = await replyServer(HOST, 'SSH-2.0-OpenSSH_9.2\r\n', { when: 'connect' });
  t.after(() => Promise.all([http.close(), ssh.close()]).then(() => undefined));
  for (const s of [http, ssh]) assert.equal((await s7commProbe.run(probeContext(HOST, s.port, { timeoutMs: 500, options: OPTS }))).kind, 'not-matched');
});

test('truncated or garbled replies give not-matched', async (t) => {
  // A CC, then garbage instead of the setup ack; a TPKT cut short; random bytes.
  const { listenTcp } = await import('../../../test/support/emulators/raw-servers.js');
  let n = 0;
  const badAck = await listenTcp(HOST, (s) =>
    s.on('data', () => {
      n += 1;
      s.write(n % 2 === 1 ? Buffer.from('0300000b06d00001000200', 'hex') : Buffer.from('03000009 02f080 3203'.replace(/ /g, ''), 'hex'));
    }),
  );
  const cut = await replyServer(HOST, Buffer.from('0300001611d0000100', 'hex'), { close: true });
  const garbage = await replyServer(HOST, Buffer.from('deadbeefcafebabe0102', 'hex'), { close: true });
  t.after(() => Promise.all([badAck.close(), cut.close(), garbage.close()]).then(() => undefined));
  for (const s of [badAck, cut, garbage]) {
    assert.equal((await s7commProbe.run(probeContext(HOST, s.port, { timeoutMs: 600, options: { calledTsaps: [0x0102] } }))).kind, 'not-matched');
  }
});
