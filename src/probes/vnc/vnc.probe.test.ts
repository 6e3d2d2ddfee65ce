// VNC is tested against real Debian TigerVNC (Xtigervnc) twins and against test/support/emulators/vnc.ts,
// an EMULATOR of the RFC 6143 server handshake for what TigerVNC cannot show (3.3 servers, failure
// reasons, macOS and TightVNC flavours).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { probeContext } from '../../../test/support/probe-context.js';
import { closedPort, startFakeTcp, type FakeServer } from '../../../test/support/daemons/fakes.js';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { startXvnc, XVNC_BIN } from '../../../test/support/daemons/xvnc.js';
import { startVncEmulator, type VncEmulator } from '../../../test/support/emulators/vnc.js';
import { vncProbe } from './vnc.probe.js';

const IP = '127.0.2.90';
let open: VncEmulator, password: VncEmulator, old: VncEmulator, refusing: VncEmulator, mac: VncEmulator;
let silent: FakeServer, ssh: FakeServer, garbled: FakeServer, truncated: FakeServer;

before(async () => {
  open = await startVncEmulator({ ip: IP, version: '003.008', securityTypes: [1, 2] });
  password = await startVncEmulator({ ip: IP, version: '003.008', securityTypes: [2, 16] });
  old = await startVncEmulator({ ip: IP, version: '003.003', securityTypes: [1] });
  refusing = await startVncEmulator({ ip: IP, version: '003.008', failureReason: 'Too many security failures' });
  mac = await startVncEmulator({ ip: IP, version: '003.889', securityTypes: [30, 2] });
  silent = await startFakeTcp(IP, { kind: 'silent' });
  ssh = await startFakeTcp(IP, { kind: 'greet', bytes: 'SSH-2.0-OpenSSH_9.2p1\r\n' });
  garbled = await startFakeTcp(IP, { kind: 'greet', bytes: Buffer.from('52464220ffffffffffffffff', 'hex') });
  truncated = await startFakeTcp(IP, { kind: 'greet', bytes: 'RFB 003.0', close: true });
});
after(async () => {
  await Promise.all([open, password, old, refusing, mac, silent, ssh, garbled, truncated].map((s) => s.stop()));
});

const run = (port: number, timeoutMs = 1500) => vncProbe.run(probeContext(IP, port, { timeoutMs }));

test('real TigerVNC twins: no password at all vs VNC authentication', async (t) => {
  if (!requireBinaries(t, XVNC_BIN)) return;
  const none = await startXvnc({ ip: '127.0.2.91', securityTypes: ['None'] });
  t.after(() => none.stop());
  const auth = await startXvnc({ ip: '127.0.2.92', securityTypes: ['VncAuth'], password: 'line3-hmi' });
  t.after(() => auth.stop());
  const a = await vncProbe.run(probeContext(none.ip, none.port, { timeoutMs: 2000 }));
  assert.equal(a.kind, 'identified', JSON.stringify(a));
  if (a.kind === 'identified') {
    assert.equal(a.facts.attributes.serverVersion, '003.008');
    assert.deepEqual(a.facts.attributes.securityTypes, ['none']);
    assert.equal(a.facts.attributes.noAuth, true);
  }
  const b = await vncProbe.run(probeContext(auth.ip, auth.port, { timeoutMs: 2000 }));
  assert.equal(b.kind === 'identified' && b.facts.attributes.noAuth, false, JSON.stringify(b));
  assert.deepEqual(b.kind === 'identified' && b.facts.attributes.securityTypes, ['vnc-auth']);
});

test('RFB 3.8 offering None → noAuth, and the client answered 3.8', async () => {
  const out = await run(open.port);
  assert.equal(out.kind, 'identified', JSON.stringify(out));
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.attributes.serverVersion, '003.008');
  assert.deepEqual(out.facts.attributes.securityTypes, ['none', 'vnc-auth']);
  assert.equal(out.facts.attributes.noAuth, true);
  assert.deepEqual(open.clientVersions(), ['RFB 003.008']);
});

test('password-only server, TightVNC hint', async () => {
  const out = await run(password.port);
  assert.equal(out.kind === 'identified' && out.facts.attributes.noAuth, false);
  assert.equal(out.kind === 'identified' && out.facts.product, 'TightVNC');
});

test('RFB 3.3 server picks None itself', async () => {
  const out = await run(old.port);
  assert.equal(out.kind === 'identified' && out.facts.attributes.protocol, '3.3');
  assert.equal(out.kind === 'identified' && out.facts.attributes.noAuth, true);
  assert.deepEqual(old.clientVersions(), ['RFB 003.003']);
});

test('failure reason is reported', async () => {
  const out = await run(refusing.port);
  assert.equal(out.kind === 'identified' && out.facts.attributes.failureReason, 'Too many security failures');
});

test('macOS screen sharing', async () => {
  const out = await run(mac.port);
  assert.deepEqual(out.kind === 'identified' && out.facts.device?.os, { name: 'macOS' });
});

test('refused port → unreachable/refused', async () => {
  assert.deepEqual(await run(await closedPort(IP), 500), { kind: 'unreachable', reason: 'refused' });
});

test('silent server → not-matched within the deadline', async () => {
  assert.equal((await run(silent.port, 300)).kind, 'not-matched');
});

test('another protocol, garbage, truncated greeting → not-matched, never a crash', async () => {
  for (const s of [ssh, garbled, truncated]) {
    const out = await run(s.port, 500);
    assert.equal(out.kind, 'not-matched', JSON.stringify(out));
  }
});
