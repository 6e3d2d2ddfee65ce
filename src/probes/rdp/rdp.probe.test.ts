// RDP is tested against real Debian xrdp (TLS / standard RDP security; xrdp has no NLA) and against
// test/support/emulators/rdp.ts, an EMULATOR of the server side of MS-RDPBCGR connection initiation for
// what xrdp cannot do (NLA required, legacy servers without negotiation).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { probeContext } from '../../../test/support/probe-context.js';
import { closedPort, startFakeTcp, type FakeServer } from '../../../test/support/daemons/fakes.js';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { startXrdp, XRDP_BIN } from '../../../test/support/daemons/xrdp.js';
import { startRdpEmulator, type RdpEmulator } from '../../../test/support/emulators/rdp.js';
import { PROTOCOL } from '../../protocols/rdp/x224.js';
import { rdpProbe, type RdpOptions } from './rdp.probe.js';

const IP = '127.0.2.80';
const opts: RdpOptions = { policy: true };
let nla: RdpEmulator, weak: RdpEmulator, legacy: RdpEmulator;
let silent: FakeServer, http: FakeServer, garbled: FakeServer, truncated: FakeServer;

before(async () => {
  nla = await startRdpEmulator({ ip: IP, requireNla: true, allowStandard: false });
  weak = await startRdpEmulator({ ip: IP, supported: PROTOCOL.SSL, allowStandard: true });
  legacy = await startRdpEmulator({ ip: IP, legacy: true });
  silent = await startFakeTcp(IP, { kind: 'silent' });
  http = await startFakeTcp(IP, { kind: 'reply', bytes: 'HTTP/1.1 400 Bad Request\r\n\r\n', close: true });
  garbled = await startFakeTcp(IP, { kind: 'reply', bytes: Buffer.from('0300000b20ffffffffffff', 'hex') });
  truncated = await startFakeTcp(IP, { kind: 'reply', bytes: Buffer.from('030000130ed00000', 'hex'), close: true });
});
after(async () => {
  await Promise.all([nla, weak, legacy, silent, http, garbled, truncated].map((s) => s.stop()));
});

test('real xrdp twins: negotiate (TLS, standard RDP allowed) and tls-only', async (t) => {
  if (!requireBinaries(t, XRDP_BIN)) return;
  const neg = await startXrdp({ ip: '127.0.2.81', securityLayer: 'negotiate' });
  t.after(() => neg.stop());
  const tls = await startXrdp({ ip: '127.0.2.82', securityLayer: 'tls' });
  t.after(() => tls.stop());
  const a = await rdpProbe.run(probeContext(neg.ip, neg.port, { timeoutMs: 3000, options: opts }));
  assert.equal(a.kind, 'identified', JSON.stringify(a));
  if (a.kind === 'identified') {
    assert.equal(a.facts.attributes.selectedProtocol, 'tls');
    assert.equal(a.facts.attributes.nlaRequired, false);
    assert.equal(a.facts.attributes.standardSecurityAllowed, true);
  }
  const b = await rdpProbe.run(probeContext(tls.ip, tls.port, { timeoutMs: 3000, options: opts }));
  assert.equal(b.kind, 'identified', JSON.stringify(b));
  if (b.kind === 'identified') {
    assert.equal(b.facts.attributes.selectedProtocol, 'tls');
    assert.equal(b.facts.attributes.standardSecurityAllowed, false);
  }
});

test('NLA-required server (emulated Windows default)', async () => {
  const out = await rdpProbe.run(probeContext(IP, nla.port, { timeoutMs: 2000, options: opts }));
  assert.equal(out.kind, 'identified', JSON.stringify(out));
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.attributes.selectedProtocol, 'credssp-early-user-auth');
  assert.equal(out.facts.attributes.nlaRequired, true);
  assert.equal(out.facts.attributes.standardSecurityAllowed, false);
  assert.equal(out.facts.attributes.restrictedAdminSupported, true);
  assert.equal(nla.connections(), 3);
});

test('TLS-only server that still accepts standard RDP security', async () => {
  const out = await rdpProbe.run(probeContext(IP, weak.port, { timeoutMs: 2000, options: opts }));
  assert.equal(out.kind, 'identified', JSON.stringify(out));
  if (out.kind !== 'identified') return;
  assert.equal(out.facts.attributes.selectedProtocol, 'tls');
  assert.equal(out.facts.attributes.nlaRequired, false);
  assert.equal(out.facts.attributes.standardSecurityAllowed, true);
});

test('legacy server without negotiation support', async () => {
  const out = await rdpProbe.run(probeContext(IP, legacy.port, { timeoutMs: 2000, options: opts }));
  assert.equal(out.kind === 'identified' && out.facts.attributes.legacyNegotiation, true, JSON.stringify(out));
  assert.equal(out.kind === 'identified' && out.facts.attributes.standardSecurityAllowed, true);
});

test('refused port → unreachable/refused', async () => {
  const out = await rdpProbe.run(probeContext(IP, await closedPort(IP), { timeoutMs: 500, options: opts }));
  assert.deepEqual(out, { kind: 'unreachable', reason: 'refused' });
});

test('silent server → not-matched within the deadline', async () => {
  const out = await rdpProbe.run(probeContext(IP, silent.port, { timeoutMs: 300, options: opts }));
  assert.equal(out.kind, 'not-matched');
});

test('another protocol, garbage, truncated confirm → not-matched, never a crash', async () => {
  for (const s of [http, garbled, truncated]) {
    const out = await rdpProbe.run(probeContext(IP, s.port, { timeoutMs: 500, options: opts }));
    assert.equal(out.kind, 'not-matched', JSON.stringify(out));
  }
});
