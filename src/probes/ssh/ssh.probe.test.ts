import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { probeContext } from '../../../test/support/probe-context.js';
import { closedPort, startFakeTcp, type FakeServer } from '../../../test/support/daemons/fakes.js';
import { requireBinaries, type RunningDaemon } from '../../../test/support/daemons/process.js';
import { SSHD_BIN, startSshd } from '../../../test/support/daemons/sshd.js';
import { sshProbe } from './ssh.probe.js';

const IP = '127.0.2.20';
const FAKE_IP = '127.0.2.120';

test('identifies the real Debian OpenSSH server', async (t) => {
  if (!requireBinaries(t, SSHD_BIN)) return;
  const d: RunningDaemon = await startSshd({ ip: IP });
  t.after(() => d.stop());
  const out = await sshProbe.run(probeContext(IP, d.port, { timeoutMs: 3000 }));
  assert.equal(out.kind, 'identified', JSON.stringify(out));
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.service, 'ssh');
  assert.equal(out.facts.product, 'OpenSSH');
  assert.equal(out.facts.version, '9.2p1');
  assert.match(out.facts.banner ?? '', /^SSH-2\.0-OpenSSH_9\.2p1 Debian-2\+deb12u\d+$/);
  assert.ok(out.facts.device?.cpes?.includes('cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*'));
  assert.deepEqual(out.facts.device?.os, { name: 'Debian', version: '12' });
  assert.equal(out.facts.transcript?.[0]?.dir, 'received');
  // the probe only listens: nothing is sent
  assert.ok(!out.facts.transcript?.some((e) => e.dir === 'sent'));
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
  const out = await sshProbe.run(probeContext(FAKE_IP, await closedPort(FAKE_IP), { timeoutMs: 500 }));
  assert.deepEqual(out, { kind: 'unreachable', reason: 'refused' });
});

test('silent server → not-matched within the deadline', async () => {
  const out = await sshProbe.run(probeContext(FAKE_IP, silent.port, { timeoutMs: 300 }));
  assert.equal(out.kind, 'not-matched');
});

test('another protocol on the port → not-matched', async () => {
  const out = await sshProbe.run(probeContext(FAKE_IP, http.port, { timeoutMs: 500 }));
  assert.equal(out.kind, 'not-matched');
});

test('garbage and truncated greetings → not-matched, never a crash', async () => {
  for (const s of [garbled, truncated]) {
    const out = await sshProbe.run(probeContext(FAKE_IP, s.port, { timeoutMs: 400 }));
    assert.equal(out.kind, 'not-matched', JSON.stringify(out));
  }
});
