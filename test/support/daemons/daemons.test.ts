// Self-test of the daemon harness: the twins really differ the way checks will rely on (anonymous on/off,
// a configured credential accepted and a wrong one refused), every daemon stops by PID, and samba's
// loopback alias is removed afterwards. Addresses 127.0.2.200-209 keep clear of the probe tests.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { test } from 'node:test';
import { decodeConnack, PACKET, readPacket } from '../../../src/protocols/mqtt/mqtt-packets.js';
import { LIGHTTPD_BIN, startLighttpd } from './lighttpd.js';
import { MOSQUITTO_BIN, startMosquitto } from './mosquitto.js';
import { requireBinaries } from './process.js';
import { SMBD_BIN, startSamba } from './samba.js';
import { BUSYBOX_BIN, startTelnetd } from './telnetd.js';
import { startVsftpd, VSFTPD_BIN } from './vsftpd.js';

/** Sends `lines` one at a time, each after the reply to the previous matched `until`; returns all text. */
async function converse(ip: string, port: number, steps: { send?: string | Buffer; until: RegExp }[]): Promise<string> {
  const s = net.connect(port, ip);
  s.on('error', () => undefined);
  let text = '';
  s.on('data', (d) => (text += d.toString('latin1')));
  try {
    for (const step of steps) {
      if (step.send !== undefined) s.write(step.send);
      const from = text.length;
      const t0 = Date.now();
      while (!step.until.test(text.slice(from)) && Date.now() - t0 < 6000 && !s.destroyed) await new Promise((r) => setTimeout(r, 20));
    }
    return text;
  } finally {
    s.destroy();
  }
}

test('vsftpd: anonymous twin lets anonymous in, the other refuses it but accepts its virtual user', async (t) => {
  if (!requireBinaries(t, VSFTPD_BIN)) return;
  const anon = await startVsftpd({ ip: '127.0.2.200', anonymous: true });
  t.after(() => anon.stop());
  const locked = await startVsftpd({ ip: '127.0.2.201', anonymous: false, users: [{ username: 'operator', password: 'op-2024!' }] });
  t.after(() => locked.stop());
  const login = (ip: string, user: string, pass: string) =>
    converse(ip, 21, [{ until: /^220 /m }, { send: `USER ${user}\r\n`, until: /^\d{3} /m }, { send: `PASS ${pass}\r\n`, until: /^\d{3} /m }]);
  assert.match(await login(anon.ip, 'anonymous', 'x@y'), /^230 /m);
  assert.match(await login(locked.ip, 'anonymous', 'x@y'), /^530 /m);
  assert.match(await login(locked.ip, 'operator', 'op-2024!'), /^230 /m);
  assert.match(await login(locked.ip, 'operator', 'wrong'), /^530 /m);
});

test('mosquitto: password twin accepts its user and refuses a wrong password', async (t) => {
  if (!requireBinaries(t, MOSQUITTO_BIN)) return;
  const d = await startMosquitto({ ip: '127.0.2.202', anonymous: false, users: [{ username: 'plc', password: 'plc-pass' }] });
  t.after(() => d.stop());
  const connect = async (user: string, pass: string) => {
    const str = (x: string) => Buffer.concat([Buffer.from([0, Buffer.byteLength(x)]), Buffer.from(x)]);
    const body = Buffer.concat([str('MQTT'), Buffer.from([4, 0xc2, 0, 30]), str('selftest'), str(user), str(pass)]);
    const raw = await new Promise<Buffer>((resolve) => {
      const s = net.connect(1883, d.ip, () => s.write(Buffer.concat([Buffer.from([0x10, body.length]), body])));
      s.once('data', (b) => {
        s.destroy();
        resolve(b);
      });
      s.on('error', () => resolve(Buffer.alloc(0)));
    });
    const p = readPacket(raw);
    assert.ok(typeof p === 'object' && p.type === PACKET.CONNACK);
    return decodeConnack(p)?.returnCode;
  };
  assert.equal(await connect('plc', 'plc-pass'), 0);
  assert.equal(await connect('plc', 'nope'), 5);
});

test('telnetd: the fake login program accepts its user and refuses others', async (t) => {
  if (!requireBinaries(t, BUSYBOX_BIN)) return;
  const d = await startTelnetd({ ip: '127.0.2.203', users: [{ username: 'admin', password: 'admin' }] });
  t.after(() => d.stop());
  const attempt = (u: string, p: string) =>
    converse(d.ip, 23, [{ until: /login: $/ }, { send: `${u}\r\n`, until: /Password: $/ }, { send: `${p}\r\n`, until: /(# $|Login incorrect)/ }]);
  assert.match(await attempt('admin', 'admin'), /BusyBox v1\.35\.0 built-in shell \(ash\)\r?\n# $/);
  assert.match(await attempt('admin', 'wrong'), /Login incorrect/);
});

test('lighttpd basic auth: 401 without, 200 with the configured credential', async (t) => {
  if (!requireBinaries(t, LIGHTTPD_BIN)) return;
  const d = await startLighttpd({ ip: '127.0.2.204', basicAuth: { realm: 'cam', username: 'admin', password: '12345' } });
  t.after(() => d.stop());
  const get = (auth?: string) =>
    converse(d.ip, 80, [{ send: `GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${auth ? `Authorization: Basic ${Buffer.from(auth).toString('base64')}\r\n` : ''}\r\n`, until: /^HTTP\/1\.1 \d{3}/ }]);
  assert.match(await get(), /^HTTP\/1\.1 401/);
  assert.match(await get('admin:12345'), /^HTTP\/1\.1 200/);
  assert.match(await get('admin:wrong'), /^HTTP\/1\.1 401/);
});

test('samba: loopback alias added for the daemon and removed after stop (when it was ours)', async (t) => {
  if (!requireBinaries(t, SMBD_BIN)) return;
  const ip = '127.0.2.205';
  const has = () => execFileSync('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }).includes(` ${ip}/32`);
  // Normally absent; if an earlier run was killed hard and left it, it is not ours to remove.
  const before = has();
  const d = await startSamba({ ip, smb1: true });
  assert.equal(has(), true);
  await d.stop();
  assert.equal(has(), before);
  assert.throws(() => process.kill(d.pid, 0));
});
