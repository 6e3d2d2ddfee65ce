import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { startVsftpd, VSFTPD_BIN, DB_LOAD_BIN } from '../../../test/support/daemons/vsftpd.js';
import { startMosquitto, MOSQUITTO_BIN } from '../../../test/support/daemons/mosquitto.js';
import { startVncEmulator } from '../../../test/support/emulators/vnc.js';
import { refusedPort, replyServer } from '../../../test/support/emulators/raw-servers.js';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import type { CheckResult } from '../types.js';
import { anonymousAccessCheck } from './anonymous-access.check.js';

async function run(host: string, port: number, service: string) {
  const asset = assetFixture({ id: 'd', ips: [host] });
  const svc = serviceFixture({ port, service });
  assert.ok(anonymousAccessCheck.selects(asset, svc));
  const r = await anonymousAccessCheck.run(makeCheckContext({ asset, service: svc, options: {}, timeoutMs: 15_000 }));
  assert.ok(!Array.isArray(r));
  return r as CheckResult;
}

test('FTP (vsftpd twins): anonymous login found; anonymous_enable=NO gives no finding', async (t) => {
  if (!requireBinaries(t, VSFTPD_BIN, DB_LOAD_BIN)) return;
  const weak = await startVsftpd({ ip: '127.0.5.61', anonymous: true });
  t.after(() => weak.stop());
  const r = await run('127.0.5.61', 21, 'ftp');
  assert.equal(r.verdict, 'exposed', JSON.stringify(r));
  const hard = await startVsftpd({ ip: '127.0.5.62', anonymous: false });
  t.after(() => hard.stop());
  assert.equal((await run('127.0.5.62', 21, 'ftp')).verdict, 'not-affected');
});

test('MQTT (mosquitto twins): anonymous broker found; password_file twin gives no finding', async (t) => {
  if (!requireBinaries(t, MOSQUITTO_BIN)) return;
  const weak = await startMosquitto({ ip: '127.0.5.63', anonymous: true });
  t.after(() => weak.stop());
  assert.equal((await run('127.0.5.63', 1883, 'mqtt')).verdict, 'exposed');
  const hard = await startMosquitto({ ip: '127.0.5.64', anonymous: false });
  t.after(() => hard.stop());
  assert.equal((await run('127.0.5.64', 1883, 'mqtt')).verdict, 'not-affected');
});

test('VNC (RFB handshake emulator): security type None is exploitable; VNC auth gives no finding', async (t) => {
  const open = await startVncEmulator({ ip: '127.0.5.65', securityTypes: [1] });
  t.after(() => open.stop());
  assert.equal((await run('127.0.5.65', open.port, 'vnc')).verdict, 'exploitable');
  const locked = await startVncEmulator({ ip: '127.0.5.65', securityTypes: [2] });
  t.after(() => locked.stop());
  assert.equal((await run('127.0.5.65', locked.port, 'vnc')).verdict, 'not-affected');
});

test('negative cases: refused, other protocol, garbage give unknown', async (t) => {
  assert.equal((await run('127.0.5.66', await refusedPort('127.0.5.66'), 'ftp')).verdict, 'unknown');
  const junk = await replyServer('127.0.5.66', 'SSH-2.0-OpenSSH_9.2\r\n', { when: 'connect' });
  t.after(() => junk.close());
  for (const s of ['ftp', 'mqtt', 'vnc']) assert.equal((await run('127.0.5.66', junk.port, s)).verdict, 'unknown', s);
});
