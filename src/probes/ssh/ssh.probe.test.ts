import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { probeContext } from '../../../test/support/probe-context.js';
import { closedPort, startFakeTcp, type FakeServer } from '../../../test/support/daemons/fakes.js';
import { requireBinaries, type RunningDaemon } from '../../../test/support/daemons/process.js';
import { SSHD_BIN, startSshd } from '../../../test/support/daemons/sshd.js';
import { sshProbe, type SshOptions } from './ssh.probe.js';

const IP = '127.0.2.20';
const FAKE_IP = '127.0.2.120';
const opts: SshOptions = { kexinit: true };

test('identifies the real Debian OpenSSH server', async (t) => {
  if (!requireBinaries(t, SSHD_BIN)) return;
  const d: RunningDaemon = await startSshd({ ip: IP });
  t.after(() => d.stop());
  const out = await sshProbe.run(probeContext(IP, d.port, { timeoutMs: 3000, options: opts }));
  assert.equal(out.kind, 'identified', JSON.stringify(out));
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.service, 'ssh');
  assert.equal(out.facts.product, 'OpenSSH');
  assert.equal(out.facts.version, '9.2p1');
  assert.match(out.facts.banner ?? '', /^SSH-2\.0-OpenSSH_9\.2p1 Debian-2\+deb12u\d+$/);
  assert.ok(out.facts.device?.cpes?.includes('cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*'));
  assert.deepEqual(out.facts.device?.os, { name: 'Debian', version: '12' });
  assert.equal(out.facts.transcript?.[0]?.dir, 'received');
  // the only thing sent is our identification line: no key exchange, no user name
  assert.deepEqual(out.facts.transcript?.filter((e) => e.dir === 'sent').map((e) => e.excerpt), ['SSH-2.0-mamori_0.1\r\n']);
  const alg = out.facts.attributes.algorithms;
  assert.ok(alg, 'KEXINIT read');
  assert.deepEqual(alg.hostKey.filter((h) => h.startsWith('ssh-ed25519')).length > 0, true);
  assert.ok(alg.kex.includes('curve25519-sha256'));
  assert.equal(alg.strictKex, true);
  assert.ok(!alg.ciphers.some((c) => c.endsWith('-cbc')));
  // OpenSSH 9.2's defaults still offer hmac-sha1 MACs
  assert.ok(alg.weak.some((w) => w.startsWith('hmac-sha1')), alg.weak.join('\n'));
});

test('a weakly configured sshd twin: CBC cipher and SHA-1 key exchange are reported', async (t) => {
  if (!requireBinaries(t, SSHD_BIN)) return;
  const d = await startSshd({ ip: '127.0.2.21', extraConfig: ['Ciphers +aes128-cbc', 'KexAlgorithms +diffie-hellman-group14-sha1'] });
  t.after(() => d.stop());
  const out = await sshProbe.run(probeContext(d.ip, d.port, { timeoutMs: 3000, options: opts }));
  assert.equal(out.kind, 'identified');
  if (out.kind !== 'identified') return;
  const weak = out.facts.attributes.algorithms?.weak ?? [];
  assert.ok(weak.some((w) => w.startsWith('aes128-cbc:')), weak.join('\n'));
  assert.ok(weak.some((w) => w.startsWith('diffie-hellman-group14-sha1:')), weak.join('\n'));
  // without kexinit the probe only listens
  const quiet = await sshProbe.run(probeContext(d.ip, d.port, { timeoutMs: 3000, options: { kexinit: false } }));
  assert.equal(quiet.kind === 'identified' && quiet.facts.transcript?.some((e) => e.dir === 'sent'), false);
});

let silent: FakeServer, http: FakeServer, garbled: FakeServer, truncated: FakeServer;
before(async () => {
  silent = await startFakeTcp(FAKE_IP, { kind: 'silent' });
  http = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: 'HTTP/1.1 400 Bad Request\r\nServer: x\r\n\r\n', close: true });
  garbled = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: Buffer.from('ff00fe53534800ff'.repeat(40), 'hex') });
  truncated = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: 'SSH-2.0-Open', close: true });
});
after(async () => {
  await Promise.all([silent, http, garbled, truncated].map((s) => s.stop()));
});

test('refused port → unreachable/refused', async () => {
  const out = await sshProbe.run(probeContext(FAKE_IP, await closedPort(FAKE_IP), { timeoutMs: 500, options: opts }));
  assert.deepEqual(out, { kind: 'unreachable', reason: 'refused' });
});

test('silent server → not-matched within the deadline', async () => {
  const out = await sshProbe.run(probeContext(FAKE_IP, silent.port, { timeoutMs: 300, options: opts }));
  assert.equal(out.kind, 'not-matched');
});

test('another protocol on the port → not-matched', async () => {
  const out = await sshProbe.run(probeContext(FAKE_IP, http.port, { timeoutMs: 500, options: opts }));
  assert.equal(out.kind, 'not-matched');
});

test('garbage and truncated greetings → not-matched, never a crash', async () => {
  for (const s of [garbled, truncated]) {
    const out = await sshProbe.run(probeContext(FAKE_IP, s.port, { timeoutMs: 400, options: opts }));
    assert.equal(out.kind, 'not-matched', JSON.stringify(out));
  }
});
