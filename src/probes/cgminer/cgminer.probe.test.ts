// Against the cgminer API EMULATOR (test/support/emulators/cgminer.ts) on 127.0.4.70, plus the negative cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startCgminerEmulator, type CgminerEmulatorOptions } from '../../../test/support/emulators/cgminer.js';
import { refusedPort, replyServer, silentServer } from '../../../test/support/emulators/raw-servers.js';
import { probeContext } from '../../../test/support/probe-context.js';
import { cgminerProbe, type CgminerOptions } from './cgminer.probe.js';

const HOST = '127.0.4.70';

async function probeEmulator(t: { after(fn: () => Promise<void>): void }, o: Omit<CgminerEmulatorOptions, 'host'>, options: CgminerOptions = { format: 'json' }) {
  const emu = await startCgminerEmulator({ host: HOST, ...o });
  t.after(() => emu.close());
  const out = await cgminerProbe.run(probeContext(HOST, emu.port, { timeoutMs: 1500, options }));
  const st = emu.stats();
  assert.deepEqual(st.privilegedAttempts, [], 'no privileged command');
  assert.equal(st.maxConcurrent, 1, 'never two connections at once');
  return { out, st };
}

test('JSON form: version, summary and pools of a cgminer 4.11.1', async (t) => {
  const { out, st } = await probeEmulator(t, {
    version: '4.11.1',
    pools: [{ url: 'stratum+tcp://btc.example.org:3333', user: 'acct.worker1' }, { url: 'stratum+tcp://backup.example.org:443', user: 'acct.worker2' }],
  });
  assert.deepEqual(st.commands, ['version', 'summary', 'pools']);
  assert.equal(st.connections, 3);
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.product, 'cgminer');
  assert.equal(out.facts.version, '4.11.1');
  assert.equal(out.facts.device?.class, 'miner');
  assert.equal(out.facts.attributes.apiVersion, '3.7');
  assert.equal(out.facts.attributes.summary?.elapsedSeconds, 58219);
  assert.deepEqual(
    out.facts.attributes.pools.map((p) => [p.url, p.user, p.active]),
    [['stratum+tcp://btc.example.org:3333', 'acct.worker1', true], ['stratum+tcp://backup.example.org:443', 'acct.worker2', false]],
  );
});

test('text form against an Antminer-like bmminer', async (t) => {
  const { out, st } = await probeEmulator(t, { program: 'bmminer', version: '2.0.0', versionExtra: { Type: 'Antminer S9' } }, { format: 'text' });
  assert.deepEqual(st.commands, ['version', 'summary', 'pools']);
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.product, 'bmminer');
  assert.equal(out.facts.device?.model, 'Antminer S9');
  assert.equal(out.facts.attributes.pools.length, 1);
  assert.equal(out.facts.attributes.summary?.mhsAverage, 70827.84);
});

test('bfgminer is named by its VERSION key', async (t) => {
  const { out } = await probeEmulator(t, { program: 'bfgminer', version: '5.5.0', api: '3.1' });
  assert.equal(out.kind === 'identified' && out.facts.product, 'bfgminer');
});

test('refused', async () => {
  const port = await refusedPort(HOST);
  assert.deepEqual(await cgminerProbe.run(probeContext(HOST, port, { timeoutMs: 500, options: { format: 'json' } })), { kind: 'unreachable', reason: 'refused' });
});

test('timeout: a silent server', async (t) => {
  const s = await silentServer(HOST);
  t.after(() => s.close());
  assert.deepEqual(await cgminerProbe.run(probeContext(HOST, s.port, { timeoutMs: 300, options: { format: 'json' } })), { kind: 'unreachable', reason: 'timeout' });
});

test('not-matched: another protocol, and a cgminer-style error without VERSION', async (t) => {
  const ssh = await replyServer(HOST, 'SSH-2.0-OpenSSH_9.2p1\r\n', { when: 'connect' });
  const denied = await replyServer(HOST, '{"STATUS":[{"STATUS":"E","When":1,"Code":14,"Msg":"Invalid command","Description":"x"}],"id":1}\0', { close: true });
  t.after(() => Promise.all([ssh.close(), denied.close()]).then(() => undefined));
  for (const s of [ssh, denied]) {
    const out = await cgminerProbe.run(probeContext(HOST, s.port, { timeoutMs: 500, options: { format: 'json' } }));
    assert.equal(out.kind, 'not-matched');
    // Only the version command went out: no summary/pools on a port that did not prove itself.
    assert.equal(out.kind === 'not-matched' && out.transcript?.filter((e) => e.dir === 'sent').length, 1);
  }
});

test('truncated or garbled replies give not-matched', async (t) => {
  const truncated = await replyServer(HOST, '{"STATUS":[{"STATUS":"S","When":1,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 4', { close: true });
  const garbage = await replyServer(HOST, Buffer.from('ffd8ffe000104a464946000101', 'hex'), { close: true });
  const textTrunc = await replyServer(HOST, 'STATUS=S,When=1,Co', { close: true });
  t.after(() => Promise.all([truncated.close(), garbage.close(), textTrunc.close()]).then(() => undefined));
  for (const s of [truncated, garbage, textTrunc]) {
    assert.equal((await cgminerProbe.run(probeContext(HOST, s.port, { timeoutMs: 500, options: { format: 'json' } }))).kind, 'not-matched');
  }
});
