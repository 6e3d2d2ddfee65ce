import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { probeContext } from '../../../test/support/probe-context.js';
import { closedPort, startFakeTcp, type FakeServer } from '../../../test/support/daemons/fakes.js';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { BUSYBOX_BIN, startTelnetd } from '../../../test/support/daemons/telnetd.js';
import { telnetProbe, type TelnetOptions } from './telnet.probe.js';

const FAKE_IP = '127.0.2.170';
const opts: TelnetOptions = { idleMs: 500 };

test('real busybox telnetd: negotiation answered, banner and login prompt seen', async (t) => {
  if (!requireBinaries(t, BUSYBOX_BIN)) return;
  const d = await startTelnetd({ ip: '127.0.2.70', banner: 'Debian GNU/Linux 12 line3-gateway', users: [{ username: 'root', password: 'xc3511' }] });
  t.after(() => d.stop());
  const out = await telnetProbe.run(probeContext(d.ip, d.port, { timeoutMs: 4000, options: opts }));
  assert.equal(out.kind, 'identified', JSON.stringify(out));
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.confidence, 'confirmed');
  assert.equal(out.facts.attributes.prompt, 'login');
  assert.match(out.facts.attributes.banner, /Debian GNU\/Linux 12 line3-gateway/);
  assert.ok(out.facts.attributes.negotiations.length > 0);
  assert.deepEqual(out.facts.device?.os, { name: 'Debian', version: '12' });
  // the probe typed nothing but IAC answers: every byte it sent starts with IAC (0xff)
  const sent = out.facts.transcript?.filter((e) => e.dir === 'sent') ?? [];
  assert.ok(sent.length > 0);
  assert.ok(sent.every((e) => /^(ff(fb|fc|fd|fe)[0-9a-f]{2})+$/.test(e.excerpt)), JSON.stringify(sent));
});

let silent: FakeServer, ftp: FakeServer, garbled: FakeServer, truncated: FakeServer, plainPrompt: FakeServer, flood: FakeServer;
before(async () => {
  silent = await startFakeTcp(FAKE_IP, { kind: 'silent' });
  ftp = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: '220 (vsFTPd 3.0.3)\r\n' });
  garbled = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: Buffer.from('00fe5a01'.repeat(300), 'hex'), close: true });
  truncated = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: Buffer.from('fffa18', 'hex'), close: true });
  // Some devices skip negotiation and print a prompt directly.
  plainPrompt = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: '\r\nUser Access Verification\r\n\r\nUsername: ' });
  // An endless stream of negotiations must stay bounded.
  flood = await startFakeTcp(FAKE_IP, {
    kind: 'custom',
    onConnection: (sock) => {
      const timer = setInterval(() => (sock.destroyed ? clearInterval(timer) : sock.write(Buffer.from('fffb05fffd18'.repeat(200), 'hex'))), 2);
      sock.on('close', () => clearInterval(timer));
    },
  });
});
after(async () => {
  await Promise.all([silent, ftp, garbled, truncated, plainPrompt, flood].map((s) => s.stop()));
});

test('refused port → unreachable/refused', async () => {
  const out = await telnetProbe.run(probeContext(FAKE_IP, await closedPort(FAKE_IP), { timeoutMs: 500, options: opts }));
  assert.deepEqual(out, { kind: 'unreachable', reason: 'refused' });
});

test('silent server → not-matched within the deadline', async () => {
  const out = await telnetProbe.run(probeContext(FAKE_IP, silent.port, { timeoutMs: 300, options: opts }));
  assert.equal(out.kind, 'not-matched');
});

test('another protocol on the port → not-matched', async () => {
  const out = await telnetProbe.run(probeContext(FAKE_IP, ftp.port, { timeoutMs: 600, options: opts }));
  assert.equal(out.kind, 'not-matched');
});

test('garbage and a truncated subnegotiation → not-matched, never a crash', async () => {
  for (const s of [garbled, truncated]) {
    const out = await telnetProbe.run(probeContext(FAKE_IP, s.port, { timeoutMs: 500, options: opts }));
    assert.equal(out.kind, 'not-matched', JSON.stringify(out));
  }
});

test('a bare login prompt without negotiation → identified, likely, Cisco hint', async () => {
  const out = await telnetProbe.run(probeContext(FAKE_IP, plainPrompt.port, { timeoutMs: 1000, options: opts }));
  assert.equal(out.kind, 'identified');
  if (out.kind === 'identified') {
    assert.equal(out.facts.confidence, 'likely');
    assert.equal(out.facts.device?.vendor, 'Cisco');
  }
});

test('an endless negotiation flood ends within the byte budget', async () => {
  const out = await telnetProbe.run(probeContext(FAKE_IP, flood.port, { timeoutMs: 1500, options: opts }));
  assert.equal(out.kind, 'identified');
  if (out.kind === 'identified') assert.ok(out.facts.attributes.negotiations.length <= 32);
});
