// Against the XMRig API EMULATOR (test/support/emulators/xmrig.ts) on 127.0.4.60, plus the negative cases.
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { test } from 'node:test';
import { refusedPort, replyServer, silentServer } from '../../../test/support/emulators/raw-servers.js';
import { startXmrigEmulator, type XmrigEmulatorOptions } from '../../../test/support/emulators/xmrig.js';
import { probeContext } from '../../../test/support/probe-context.js';
import { xmrigProbe } from './xmrig.probe.js';

const HOST = '127.0.4.60';

async function probeEmulator(t: { after(fn: () => Promise<void>): void }, o: Omit<XmrigEmulatorOptions, 'host'>) {
  const emu = await startXmrigEmulator({ host: HOST, ...o });
  t.after(() => emu.close());
  const out = await xmrigProbe.run(probeContext(HOST, emu.port, { timeoutMs: 1500 }));
  const st = emu.stats();
  assert.equal(st.connections, 1);
  assert.deepEqual(st.requests.map((r) => `${r.method} ${r.path}`), ['GET /1/summary'], 'only the summary was read');
  assert.deepEqual(st.writeAttempts, []);
  return out;
}

test('restricted API without token: summary read, version and pool', async (t) => {
  const out = await probeEmulator(t, { version: '6.22.1', pool: 'pool.supportxmr.com:443' });
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.product, 'XMRig');
  assert.equal(out.facts.version, '6.22.1');
  assert.equal(out.facts.confidence, 'confirmed');
  assert.deepEqual(out.facts.device?.cpes, ['cpe:2.3:a:xmrig:xmrig:6.22.1:*:*:*:*:*:*:*']);
  assert.equal(out.facts.attributes.tokenRequired, false);
  assert.equal(out.facts.attributes.restricted, true);
  assert.equal(out.facts.attributes.summary?.pool, 'pool.supportxmr.com:443');
});

test('access token set: 401 recognised as XMRig, token required', async (t) => {
  const out = await probeEmulator(t, { token: 'secret' });
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.confidence, 'likely');
  assert.equal(out.facts.attributes.tokenRequired, true);
  assert.equal(out.facts.version, undefined);
});

test('refused', async () => {
  const port = await refusedPort(HOST);
  assert.deepEqual(await xmrigProbe.run(probeContext(HOST, port, { timeoutMs: 500 })), { kind: 'unreachable', reason: 'refused' });
});

test('timeout: a silent server', async (t) => {
  const s = await silentServer(HOST);
  t.after(() => s.close());
  assert.deepEqual(await xmrigProbe.run(probeContext(HOST, s.port, { timeoutMs: 300 })), { kind: 'unreachable', reason: 'timeout' });
});

test('not-matched: an ordinary web server, its 401, and another protocol', async (t) => {
  const web = http.createServer((req, res) => {
    if (req.url === '/1/summary') res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="router"', 'Content-Length': '2' }).end('no');
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => web.listen(0, HOST, () => r()));
  const json = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"version":"1.0.0","status":"ok"}'));
  await new Promise<void>((r) => json.listen(0, HOST, () => r()));
  const ssh = await replyServer(HOST, 'SSH-2.0-OpenSSH_9.2p1\r\n', { when: 'connect' });
  t.after(async () => {
    await ssh.close();
    await new Promise((r) => web.close(r));
    await new Promise((r) => json.close(r));
  });
  for (const port of [(web.address() as net.AddressInfo).port, (json.address() as net.AddressInfo).port, ssh.port]) {
    assert.equal((await xmrigProbe.run(probeContext(HOST, port, { timeoutMs: 800 }))).kind, 'not-matched');
  }
});

test('truncated or garbled replies give not-matched', async (t) => {
  const body = '{"version":"6.22.1","kind":"miner","ua":"XMRig/6.22.1"}';
  const truncated = await replyServer(HOST, `HTTP/1.1 200 OK\r\nContent-Length: ${body.length + 40}\r\n\r\n${body}`, { close: true });
  const garbage = await replyServer(HOST, Buffer.from('00ff00ff48545450deadbeef', 'hex'), { close: true });
  const badJson = await replyServer(HOST, 'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{"versio', { close: true });
  t.after(() => Promise.all([truncated.close(), garbage.close(), badJson.close()]).then(() => undefined));
  for (const s of [truncated, garbage, badJson]) {
    assert.equal((await xmrigProbe.run(probeContext(HOST, s.port, { timeoutMs: 500 }))).kind, 'not-matched');
  }
});
