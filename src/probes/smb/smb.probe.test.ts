import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { probeContext } from '../../../test/support/probe-context.js';
import { closedPort, startFakeTcp, type FakeServer } from '../../../test/support/daemons/fakes.js';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { SMBD_BIN, startSamba } from '../../../test/support/daemons/samba.js';
import { smbProbe, type SmbOptions } from './smb.probe.js';

const FAKE_IP = '127.0.2.110';
const opts: SmbOptions = { smb1: true, listDialects: true };

test('real Samba twins: SMB1 accepted on one, refused on the other; version, names, dialects', async (t) => {
  if (!requireBinaries(t, SMBD_BIN)) return;
  const on = await startSamba({ ip: '127.0.2.10', smb1: true, ports: [445, 139], netbiosName: 'FILESRV-OLD', workgroup: 'PLANT' });
  t.after(() => on.stop());
  const off = await startSamba({ ip: '127.0.2.11', smb1: false, netbiosName: 'FILESRV-NEW', signing: 'mandatory' });
  t.after(() => off.stop());

  const a = await smbProbe.run(probeContext(on.ip, 445, { timeoutMs: 5000, options: opts }));
  assert.equal(a.kind, 'identified', JSON.stringify(a).slice(0, 500));
  if (a.kind === 'identified') {
    const at = a.facts.attributes;
    assert.equal(at.smb1.state, 'accepted');
    assert.equal(at.smb1.nativeLanMan, 'Samba 4.17.12-Debian');
    assert.equal(at.smb1.primaryDomain, 'PLANT');
    assert.equal(a.facts.product, 'Samba');
    assert.equal(a.facts.version, '4.17.12');
    assert.deepEqual(a.facts.device?.cpes, ['cpe:2.3:a:samba:samba:4.17.12:*:*:*:*:*:*:*']);
    assert.equal(at.ntlm?.netbiosComputer, 'FILESRV-OLD');
    assert.equal(at.smb2?.dialect, '3.1.1');
    assert.deepEqual(at.smb2?.dialects, ['2.0.2', '2.1', '3.0', '3.0.2', '3.1.1']);
    assert.equal(at.smb2?.signingRequired, false);
  }

  // the same server over NetBIOS session service (TCP 139)
  const n = await smbProbe.run(probeContext(on.ip, 139, { timeoutMs: 5000, options: { smb1: true, listDialects: false } }));
  assert.equal(n.kind === 'identified' && n.facts.attributes.smb1.state, 'accepted', JSON.stringify(n).slice(0, 300));

  const b = await smbProbe.run(probeContext(off.ip, 445, { timeoutMs: 5000, options: opts }));
  assert.equal(b.kind, 'identified', JSON.stringify(b).slice(0, 500));
  if (b.kind === 'identified') {
    const at = b.facts.attributes;
    assert.equal(at.smb1.state, 'rejected');
    assert.equal(at.smb1.nativeLanMan, null);
    assert.equal(at.ntlm?.netbiosComputer, 'FILESRV-NEW');
    assert.equal(at.ntlm?.osVersion, '6.1.0');
    assert.deepEqual(at.smb2?.dialects, ['2.1', '3.0', '3.0.2', '3.1.1']);
    assert.equal(at.smb2?.signingRequired, true);
    // Samba recognised from the NTLM version alone, without a version number
    assert.equal(b.facts.product, 'Samba');
    assert.equal(b.facts.version, undefined);
  }
});

let silent: FakeServer, http: FakeServer, garbled: FakeServer, truncated: FakeServer;
before(async () => {
  silent = await startFakeTcp(FAKE_IP, { kind: 'silent' });
  http = await startFakeTcp(FAKE_IP, { kind: 'reply', bytes: 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n', close: true });
  garbled = await startFakeTcp(FAKE_IP, { kind: 'reply', bytes: Buffer.concat([Buffer.from('00000040', 'hex'), Buffer.alloc(64, 0xfe)]) });
  // An SMB1 header cut short inside a correctly framed message, then close.
  truncated = await startFakeTcp(FAKE_IP, { kind: 'reply', bytes: Buffer.from('00000010ff534d4272000000008801c8000000', 'hex'), close: true });
});
after(async () => {
  await Promise.all([silent, http, garbled, truncated].map((s) => s.stop()));
});

test('refused port → unreachable/refused', async () => {
  const out = await smbProbe.run(probeContext(FAKE_IP, await closedPort(FAKE_IP), { timeoutMs: 500, options: opts }));
  assert.deepEqual(out, { kind: 'unreachable', reason: 'refused' });
});

test('silent server → not-matched within the deadline', async () => {
  const out = await smbProbe.run(probeContext(FAKE_IP, silent.port, { timeoutMs: 400, options: opts }));
  assert.equal(out.kind, 'not-matched');
});

test('another protocol, garbage and truncated SMB → not-matched, never a crash', async () => {
  for (const s of [http, garbled, truncated]) {
    const out = await smbProbe.run(probeContext(FAKE_IP, s.port, { timeoutMs: 600, options: opts }));
    assert.equal(out.kind, 'not-matched', JSON.stringify(out).slice(0, 300));
  }
});

test('port 139 with something else behind it → not-matched', async (t) => {
  // Port 139 is privileged and free on the fake's address; the fake answers a NetBIOS negative response.
  const nb = await startFakeTcp(FAKE_IP, { kind: 'reply', bytes: Buffer.from('8300000182', 'hex'), close: true }, 139);
  t.after(() => nb.stop());
  const out = await smbProbe.run(probeContext(FAKE_IP, 139, { timeoutMs: 600, options: opts }));
  assert.equal(out.kind, 'not-matched', JSON.stringify(out).slice(0, 300));
});
