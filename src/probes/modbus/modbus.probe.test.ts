// Against a REAL Modbus/TCP server: Debian python3-pymodbus 3.0 (test/support/daemons/pymodbus.ts) on
// 127.0.4.10, behind a counting proxy that proves the probe used one connection and sent only 0x2B/0x0E.
// Plus the four negative cases on 127.0.4.11.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pymodbusAvailable, startPymodbus, type PymodbusDaemon } from '../../../test/support/daemons/pymodbus.js';
import { refusedPort, replyServer, silentServer } from '../../../test/support/emulators/raw-servers.js';
import { probeContext } from '../../../test/support/probe-context.js';
import { modbusProbe, type ModbusOptions } from './modbus.probe.js';

const HOST = '127.0.4.10';
const NEG = '127.0.4.11';
const OPTS: ModbusOptions = { unitId: 0xff, regular: true };

const available = pymodbusAvailable();
if (!available) {
  if (process.env.CI) throw new Error('python3-pymodbus is missing: CI must install it (.ci/apt-packages.txt)');
  console.error('\n*** SKIPPING the real-pymodbus tests: python3-pymodbus / python3-serial-asyncio not installed ***\n');
}

let daemon: PymodbusDaemon | undefined;
before(async () => {
  if (!available) return;
  daemon = await startPymodbus(HOST, {
    vendorName: 'Schneider Electric',
    productCode: 'BMX P34 2020',
    revision: 'v2.8',
    vendorUrl: 'http://www.se.com',
    productName: 'Modicon M340',
    modelName: 'BMX P34 2020',
    appName: 'PUMPSTATION_1',
  });
});
after(async () => {
  await daemon?.stop();
});

test('real pymodbus: basic + regular identification over one connection, read-only', { skip: !available }, async () => {
  assert.ok(daemon);
  const out = await modbusProbe.run(probeContext(HOST, daemon.port, { timeoutMs: 3000, options: OPTS }));
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.service, 'modbus');
  assert.equal(out.facts.device?.vendor, 'Schneider Electric');
  assert.equal(out.facts.device?.model, 'BMX P34 2020');
  assert.deepEqual(out.facts.device?.firmware, { version: 'v2.8' });
  assert.equal(out.facts.device?.class, 'ot');
  assert.equal(out.facts.product, 'Modicon M340');
  assert.equal(out.facts.attributes.objects.UserApplicationName, 'PUMPSTATION_1');
  assert.equal(out.facts.attributes.conformityLevel, 0x83);
  const st = daemon.stats();
  assert.equal(st.connections, 1);
  assert.equal(st.maxConcurrent, 1);
  assert.deepEqual(st.requests, [
    { unitId: 0xff, functionCode: 0x2b, mei: 0x0e },
    { unitId: 0xff, functionCode: 0x2b, mei: 0x0e },
  ]);
  assert.deepEqual(st.writeFunctionCodes, []);
  assert.equal(st.garbage, 0);
});

test('real pymodbus: regular stream can be switched off', { skip: !available }, async () => {
  assert.ok(daemon);
  const before = daemon.stats().requests.length;
  const out = await modbusProbe.run(probeContext(HOST, daemon.port, { timeoutMs: 3000, options: { ...OPTS, regular: false } }));
  assert.equal(out.kind === 'identified' && out.facts.attributes.objects.ProductName, undefined);
  assert.equal(daemon.stats().requests.length - before, 1);
});

test('an exception reply still proves Modbus', async (t) => {
  // MBAP echoing the probe's transaction id is needed, so answer per request.
  const { listenTcp } = await import('../../../test/support/emulators/raw-servers.js');
  const s = await listenTcp(NEG, (sock) =>
    sock.on('data', (d: Buffer) => sock.write(Buffer.concat([d.subarray(0, 4), Buffer.from([0, 3, d[6] ?? 0, 0xab, 0x01])]))),
  );
  t.after(() => s.close());
  const out = await modbusProbe.run(probeContext(NEG, s.port, { timeoutMs: 1000, options: OPTS }));
  assert.equal(out.kind, 'identified');
  assert.deepEqual(out.kind === 'identified' && out.facts.attributes.exception, { code: 1, name: 'Illegal Function' });
});

test('refused', async () => {
  const port = await refusedPort(NEG);
  assert.deepEqual(await modbusProbe.run(probeContext(NEG, port, { timeoutMs: 500, options: OPTS })), { kind: 'unreachable', reason: 'refused' });
});

test('timeout: a silent server', async (t) => {
  const s = await silentServer(NEG);
  t.after(() => s.close());
  assert.deepEqual(await modbusProbe.run(probeContext(NEG, s.port, { timeoutMs: 300, options: OPTS })), { kind: 'unreachable', reason: 'timeout' });
});

test('not-matched: another protocol', async (t) => {
  const http = await replyServer(NEG, 'HTTP/1.1 400 Bad Request\r\n\r\n', { close: true });
  const ssh = await replyServer(NEG, 'SSH-2.0-OpenSSH_9.2\r\n', { when: 'connect' });
  t.after(() => Promise.all([http.close(), ssh.close()]).then(() => undefined));
  for (const s of [http, ssh]) assert.equal((await modbusProbe.run(probeContext(NEG, s.port, { timeoutMs: 500, options: OPTS }))).kind, 'not-matched');
});

test('truncated or garbled replies give not-matched', async (t) => {
  const { listenTcp } = await import('../../../test/support/emulators/raw-servers.js');
  // Right transaction id, but the object length runs past the frame; then a frame cut short and closed.
  const overrun = await listenTcp(NEG, (sock) =>
    sock.on('data', (d: Buffer) => sock.write(Buffer.concat([d.subarray(0, 4), Buffer.from('000cff2b0e0101000001001b41424344', 'hex')]))),
  );
  const cut = await listenTcp(NEG, (sock) => sock.on('data', (d: Buffer) => sock.end(Buffer.concat([d.subarray(0, 4), Buffer.from('0030ff2b0e01', 'hex')]))));
  const garbage = await replyServer(NEG, Buffer.from('ffffffffffffffffffffff', 'hex'), { close: true });
  t.after(() => Promise.all([overrun.close(), cut.close(), garbage.close()]).then(() => undefined));
  for (const s of [overrun, cut, garbage]) {
    assert.equal((await modbusProbe.run(probeContext(NEG, s.port, { timeoutMs: 500, options: OPTS }))).kind, 'not-matched');
  }
});
