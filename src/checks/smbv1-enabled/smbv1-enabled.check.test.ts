// SMBv1 against REAL Samba twins (server min protocol NT1 vs SMB2_10), and the MS17-010 / DoublePulsar
// checks against the same real Samba: a patched-by-design server must never look vulnerable or infected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { startSamba, SMBD_BIN } from '../../../test/support/daemons/samba.js';
import { refusedPort, replyServer } from '../../../test/support/emulators/raw-servers.js';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import type { Check, CheckResult } from '../types.js';
import { smbv1EnabledCheck } from './smbv1-enabled.check.js';
import { ms17010Check } from '../ms17-010/ms17-010.check.js';
import { doublepulsarImplantCheck } from '../doublepulsar-implant/doublepulsar-implant.check.js';

async function run(check: Check<any>, host: string, port = 445) {
  const asset = assetFixture({ id: 'smb', ips: [host] });
  const r = await check.run(makeCheckContext({ asset, service: serviceFixture({ port, service: 'smb' }), options: {}, timeoutMs: 8000 }));
  assert.ok(!Array.isArray(r));
  return r as CheckResult;
}

test('Samba with server min protocol = NT1: SMBv1 exposed; MS17-010 and DoublePulsar not affected', async (t) => {
  if (!requireBinaries(t, SMBD_BIN)) return;
  const smb = await startSamba({ ip: '127.0.5.71', smb1: true });
  t.after(() => smb.stop());
  const r = await run(smbv1EnabledCheck, '127.0.5.71');
  assert.equal(r.verdict, 'exposed', JSON.stringify(r));
  assert.match(JSON.stringify(r), /NT LM 0\.12/);
  const ms = await run(ms17010Check, '127.0.5.71');
  // The whole null-session path runs against real Samba: negotiate, anonymous session, IPC$, transaction.
  assert.equal(ms.verdict, 'not-affected', JSON.stringify(ms));
  assert.match(JSON.stringify(ms), /0xC0000008/, 'Samba answers STATUS_INVALID_HANDLE, the patched answer');
  const dp = await run(doublepulsarImplantCheck, '127.0.5.71');
  assert.equal(dp.verdict, 'not-affected', JSON.stringify(dp));
  assert.match(JSON.stringify(dp), /Multiplex ID unchanged \(65\)/);
});

test('Samba with server min protocol = SMB2_10 (hardened twin): no finding from any WannaCry check', async (t) => {
  if (!requireBinaries(t, SMBD_BIN)) return;
  const smb = await startSamba({ ip: '127.0.5.72', smb1: false });
  t.after(() => smb.stop());
  for (const c of [smbv1EnabledCheck, ms17010Check, doublepulsarImplantCheck]) {
    const r = await run(c, '127.0.5.72');
    assert.equal(r.verdict, 'not-affected', `${c.id}: ${JSON.stringify(r)}`);
  }
});

test('Samba on TCP 139 (NetBIOS session service first): SMBv1 found there too', async (t) => {
  if (!requireBinaries(t, SMBD_BIN)) return;
  const smb = await startSamba({ ip: '127.0.5.74', smb1: true, ports: [139] });
  t.after(() => smb.stop());
  const r = await run(smbv1EnabledCheck, '127.0.5.74', 139);
  assert.equal(r.verdict, 'exposed', JSON.stringify(r));
  assert.match(JSON.stringify(r.transcript), /^\[\{"dir":"sent","bytes":72,"excerpt":"81000044/, 'a NetBIOS SESSION REQUEST went first');
  assert.equal((await run(ms17010Check, '127.0.5.74', 139)).verdict, 'not-affected');
});

test('negative cases: refused, another protocol, garbage', async (t) => {
  assert.equal((await run(smbv1EnabledCheck, '127.0.5.73', await refusedPort('127.0.5.73'))).verdict, 'unknown');
  const http = await replyServer('127.0.5.73', 'HTTP/1.1 400 Bad Request\r\n\r\n');
  t.after(() => http.close());
  assert.equal((await run(smbv1EnabledCheck, '127.0.5.73', http.port)).verdict, 'unknown');
  const short = await replyServer('127.0.5.73', Buffer.from([0, 0, 0, 40, 0xff, 0x53, 0x4d, 0x42, 0x72, 0, 0]));
  t.after(() => short.close());
  assert.equal((await run(smbv1EnabledCheck, '127.0.5.73', short.port)).verdict, 'unknown');
});
