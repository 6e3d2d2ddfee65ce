import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { probeContext } from '../../../test/support/probe-context.js';
import { closedPort, startFakeTcp, type FakeServer } from '../../../test/support/daemons/fakes.js';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { startVsftpd, VSFTPD_BIN } from '../../../test/support/daemons/vsftpd.js';
import { ftpProbe } from './ftp.probe.js';

const FAKE_IP = '127.0.2.150';

test('identifies both real vsftpd twins (anonymous on and off) as vsftpd 3.0.3', async (t) => {
  if (!requireBinaries(t, VSFTPD_BIN)) return;
  const anon = await startVsftpd({ ip: '127.0.2.50', anonymous: true });
  t.after(() => anon.stop());
  const closed = await startVsftpd({ ip: '127.0.2.51', anonymous: false });
  t.after(() => closed.stop());
  for (const d of [anon, closed]) {
    const out = await ftpProbe.run(probeContext(d.ip, d.port, { timeoutMs: 3000 }));
    assert.equal(out.kind, 'identified', JSON.stringify(out));
    if (out.kind !== 'identified') continue;
    assert.equal(out.facts.product, 'vsftpd');
    assert.equal(out.facts.version, '3.0.3');
    assert.deepEqual(out.facts.device?.cpes, ['cpe:2.3:a:vsftpd_project:vsftpd:3.0.3:*:*:*:*:*:*:*']);
    assert.equal(out.facts.attributes.greetingCode, 220);
    // greeting, FEAT → 211 features, QUIT → 221: nothing else is sent (no USER, no PASS)
    assert.deepEqual(out.facts.transcript?.map((e) => e.dir), ['received', 'sent', 'received', 'sent', 'received']);
    assert.deepEqual(out.facts.transcript?.filter((e) => e.dir === 'sent').map((e) => e.excerpt), ['FEAT\r\n', 'QUIT\r\n']);
    assert.match(out.facts.transcript?.[4]?.excerpt ?? '', /^221/);
    assert.ok(out.facts.attributes.features?.includes('EPSV'));
    assert.equal(out.facts.attributes.authTls, false);
  }
});

test('vsftpd with explicit FTPS: AUTH TLS seen in FEAT', async (t) => {
  if (!requireBinaries(t, VSFTPD_BIN)) return;
  const d = await startVsftpd({ ip: '127.0.2.52', anonymous: false, tls: true });
  t.after(() => d.stop());
  const out = await ftpProbe.run(probeContext(d.ip, d.port, { timeoutMs: 3000 }));
  assert.equal(out.kind, 'identified', JSON.stringify(out));
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.attributes.authTls, true);
  assert.ok(out.facts.attributes.features?.includes('AUTH TLS'), JSON.stringify(out.facts.attributes.features));
});

let silent: FakeServer, ssh: FakeServer, garbled: FakeServer, truncated: FakeServer;
before(async () => {
  silent = await startFakeTcp(FAKE_IP, { kind: 'silent' });
  ssh = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: 'SSH-2.0-OpenSSH_9.2p1\r\n' });
  garbled = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: Buffer.from('32323020ff00'.repeat(2000), 'hex') });
  truncated = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: '220-multi line never ends\r\n', close: true });
});
after(async () => {
  await Promise.all([silent, ssh, garbled, truncated].map((s) => s.stop()));
});

test('refused port → unreachable/refused', async () => {
  const out = await ftpProbe.run(probeContext(FAKE_IP, await closedPort(FAKE_IP), { timeoutMs: 500 }));
  assert.deepEqual(out, { kind: 'unreachable', reason: 'refused' });
});

test('silent server → not-matched within the deadline', async () => {
  const out = await ftpProbe.run(probeContext(FAKE_IP, silent.port, { timeoutMs: 300 }));
  assert.equal(out.kind, 'not-matched');
});

test('another protocol on the port → not-matched', async () => {
  const out = await ftpProbe.run(probeContext(FAKE_IP, ssh.port, { timeoutMs: 500 }));
  assert.equal(out.kind, 'not-matched');
});

test('garbage and truncated greetings → not-matched, never a crash', async () => {
  for (const s of [garbled, truncated]) {
    const out = await ftpProbe.run(probeContext(FAKE_IP, s.port, { timeoutMs: 400 }));
    assert.equal(out.kind, 'not-matched', JSON.stringify(out));
  }
});
