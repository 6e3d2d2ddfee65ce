// Against the Claymore/ethminer EMULATOR (test/support/emulators/claymore.ts) on 127.0.4.50, plus the
// four negative cases. The emulator counts methods, so every test also proves no write was sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startClaymoreEmulator, type ClaymoreEmulatorOptions } from '../../../test/support/emulators/claymore.js';
import { refusedPort, replyServer, silentServer } from '../../../test/support/emulators/raw-servers.js';
import { probeContext } from '../../../test/support/probe-context.js';
import { claymoreProbe } from './claymore.probe.js';

const HOST = '127.0.4.50';

async function probeEmulator(t: { after(fn: () => Promise<void>): void }, o: Omit<ClaymoreEmulatorOptions, 'host'>, connections = 1) {
  const emu = await startClaymoreEmulator({ host: HOST, ...o });
  t.after(() => emu.close());
  const out = await claymoreProbe.run(probeContext(HOST, emu.port, { timeoutMs: 2500 }));
  const st = emu.stats();
  assert.equal(st.connections, connections, 'connections');
  assert.equal(st.maxConcurrent, 1, 'one at a time');
  assert.deepEqual(st.writeAttempts, [], 'no write method sent');
  return { out, st };
}

test('Claymore 9.3 without a password: version, pool, read-only by default', async (t) => {
  const { out, st } = await probeEmulator(t, { version: '9.3 - ETH', pool: 'eth-eu1.nanopool.org:9999' });
  assert.deepEqual(st.methods, ['miner_getstat1']);
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.product, "Claymore's Dual Ethereum Miner");
  assert.equal(out.facts.version, '9.3');
  assert.equal(out.facts.device?.class, 'miner');
  assert.equal(out.facts.device?.kind, 'rig');
  assert.ok(out.facts.device?.cpes?.includes('cpe:2.3:a:claymore_dual_miner_project:claymore_dual_miner:9.3:*:*:*:*:*:*:*'));
  assert.equal(out.facts.attributes.passwordRequired, false);
  assert.equal(out.facts.attributes.writableByDefault, false);
  assert.deepEqual(out.facts.attributes.stats?.pools, ['eth-eu1.nanopool.org:9999']);
  assert.equal(out.facts.attributes.stats?.gpuHashratesKhs.length, 2);
  assert.ok(out.facts.transcript?.some((e) => e.dir === 'sent' && e.excerpt.includes('miner_getstat1')));
});

test('Claymore 7.3: management writable by default', async (t) => {
  const { out } = await probeEmulator(t, { version: '7.3 - ETH' });
  assert.equal(out.kind === 'identified' && out.facts.attributes.writableByDefault, true);
});

test('PhoenixMiner (newline required) is told apart', async (t) => {
  const { out } = await probeEmulator(t, { flavor: 'phoenixminer', version: '5.5c - ETH' });
  assert.equal(out.kind === 'identified' && out.facts.attributes.flavor, 'phoenixminer');
});

test('ethminer without and with --api-password', async (t) => {
  const open = await probeEmulator(t, { flavor: 'ethminer', version: '0.18.0' });
  assert.equal(open.out.kind === 'identified' && open.out.facts.product, 'ethminer');
  assert.equal(open.out.kind === 'identified' && open.out.facts.version, '0.18.0');
  const locked = await probeEmulator(t, { flavor: 'ethminer', password: 's3cret' });
  assert.equal(locked.out.kind, 'identified');
  if (locked.out.kind !== 'identified') return;
  assert.equal(locked.out.facts.attributes.passwordRequired, true);
  assert.equal(locked.out.facts.confidence, 'likely');
  assert.equal(locked.st.authFailures, 1);
});

test('Claymore with -mpsw closes silently; its status page then gives a likely identification', async (t) => {
  const { out, st } = await probeEmulator(t, { password: 'pw' }, 2);
  assert.equal(st.authFailures, 1);
  assert.deepEqual(st.methods, ['miner_getstat1']);
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.confidence, 'likely');
  assert.equal(out.facts.attributes.passwordRequired, true);
  assert.equal(out.facts.version, undefined);
});

test('a silent close with no Claymore status page stays not-matched, with an honest note', async (t) => {
  const s = await replyServer(HOST, '', { close: true });
  t.after(() => s.close());
  const out = await claymoreProbe.run(probeContext(HOST, s.port, { timeoutMs: 1500 }));
  assert.equal(out.kind, 'not-matched');
  assert.match(out.kind === 'not-matched' ? (out.note ?? '') : '', /-mpsw/);
});

test('refused', async () => {
  const port = await refusedPort(HOST);
  assert.deepEqual(await claymoreProbe.run(probeContext(HOST, port, { timeoutMs: 500 })), { kind: 'unreachable', reason: 'refused' });
});

test('timeout: a silent server', async (t) => {
  const s = await silentServer(HOST);
  t.after(() => s.close());
  assert.deepEqual(await claymoreProbe.run(probeContext(HOST, s.port, { timeoutMs: 300 })), { kind: 'unreachable', reason: 'timeout' });
});

test('not-matched: another protocol on the port', async (t) => {
  const ssh = await replyServer(HOST, 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n', { when: 'connect' });
  const http = await replyServer(HOST, 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n', { close: true });
  t.after(() => Promise.all([ssh.close(), http.close()]).then(() => undefined));
  assert.equal((await claymoreProbe.run(probeContext(HOST, ssh.port, { timeoutMs: 500 }))).kind, 'not-matched');
  assert.equal((await claymoreProbe.run(probeContext(HOST, http.port, { timeoutMs: 500 }))).kind, 'not-matched');
});

test('truncated or garbled replies give not-matched', async (t) => {
  const truncated = await replyServer(HOST, '{"id": 0, "error": null, "result": ["9.3 - ETH", "21", "1827', { close: true });
  const garbage = await replyServer(HOST, Buffer.from('8f00ff13deadbeef00017f', 'hex'), { close: true });
  const wrongShape = await replyServer(HOST, '{"id":0,"error":null,"result":["9.3 - ETH",1,2]}\n', { close: true });
  t.after(() => Promise.all([truncated.close(), garbage.close(), wrongShape.close()]).then(() => undefined));
  for (const s of [truncated, garbage, wrongShape]) {
    assert.equal((await claymoreProbe.run(probeContext(HOST, s.port, { timeoutMs: 500 }))).kind, 'not-matched');
  }
});
