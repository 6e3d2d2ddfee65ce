// Default credentials against REAL daemons (busybox telnetd, vsftpd, mosquitto, snmpd, lighttpd) and, where a
// real server library is the honest peer, ssh2's Server and node:http (digest). A counting relay in front of
// each daemon proves the attempt cap; every weak twin is found, every hardened twin gives no finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, createHash } from 'node:crypto';
import http from 'node:http';
import ssh2 from 'ssh2';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { startTelnetd, BUSYBOX_BIN } from '../../../test/support/daemons/telnetd.js';
import { startVsftpd, VSFTPD_BIN, DB_LOAD_BIN } from '../../../test/support/daemons/vsftpd.js';
import { startMosquitto, MOSQUITTO_BIN } from '../../../test/support/daemons/mosquitto.js';
import { startSnmpd, SNMPD_BIN } from '../../../test/support/daemons/snmpd.js';
import { startLighttpd, LIGHTTPD_BIN } from '../../../test/support/daemons/lighttpd.js';
import { startTcpCountingProxy, startUdpCountingProxy } from '../../../test/support/emulators/counting-proxy.js';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import type { Asset } from '../../core/asset.js';
import type { CheckResult } from '../types.js';
import { defaultCredentialsCheck } from './default-credentials.check.js';
import { builtinMirai, builtinVendorDefaults, candidatesFor } from './credentials-data.js';

const secret = () => randomBytes(9).toString('hex');
async function run(port: number, service: string, opts: { transport?: 'tcp' | 'udp'; asset?: Partial<Asset>; product?: string; maxAttempts?: number; allowed?: boolean; host?: string } = {}) {
  const host = opts.host ?? '127.0.5.40';
  const asset = assetFixture({ id: 'dev', ips: [host], ...opts.asset });
  const svc = serviceFixture({ port, service, transport: opts.transport ?? 'tcp', product: opts.product ?? null });
  assert.ok(defaultCredentialsCheck.selects(asset, svc));
  const r = await defaultCredentialsCheck.run(
    makeCheckContext({ asset, service: svc, options: defaultCredentialsCheck.optionsSchema.parse(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}), credentialsAllowed: opts.allowed ?? true, timeoutMs: 30_000 }),
  );
  assert.ok(!Array.isArray(r));
  return r as CheckResult;
}
const entry = (r: CheckResult) => (r.verdict === 'exploitable' ? (r.data?.entry as string) : null);

test('data: Mirai list (62 pairs) and vendor defaults parse; Telnet tries Mirai by weight', () => {
  assert.equal(builtinMirai().entries.length, 62);
  const c = candidatesFor(assetFixture({ id: 'x' }), serviceFixture({ port: 23, service: 'telnet' }), builtinVendorDefaults(), builtinMirai());
  assert.deepEqual(c.slice(0, 3).map((x) => x.id), ['mirai-01', 'mirai-02', 'mirai-03']);
  const wago = candidatesFor(assetFixture({ id: 'x', vendor: 'WAGO' }), serviceFixture({ port: 80, service: 'http' }), builtinVendorDefaults(), builtinMirai());
  assert.equal(wago[0]?.id, 'wago-pfc/1', 'the identified vendor goes first');
});

test('Telnet (busybox telnetd): Mirai default found on the first try; hardened twin: no finding in exactly 3 attempts', async (t) => {
  if (!requireBinaries(t, BUSYBOX_BIN)) return;
  const weak = await startTelnetd({ ip: '127.0.5.41', users: [{ username: 'root', password: 'xc3511' }] });
  t.after(() => weak.stop());
  const wp = await startTcpCountingProxy('127.0.5.41', { host: '127.0.5.41', port: 23 });
  t.after(() => wp.close());
  const r = await run(wp.port, 'telnet', { host: '127.0.5.41' });
  assert.equal(r.verdict, 'exploitable', JSON.stringify(r));
  assert.equal(entry(r), 'mirai-01');
  assert.equal(wp.connections, 1);
  assert.doesNotMatch(JSON.stringify(r), /xc3511/, 'the password is never stored');

  const hard = await startTelnetd({ ip: '127.0.5.42', users: [{ username: 'root', password: secret() }] });
  t.after(() => hard.stop());
  const hp = await startTcpCountingProxy('127.0.5.42', { host: '127.0.5.42', port: 23 });
  t.after(() => hp.close());
  const h = await run(hp.port, 'telnet', { host: '127.0.5.42' });
  assert.equal(h.verdict, 'not-affected', JSON.stringify(h));
  assert.equal(hp.connections, 3, 'default cap: 3 attempts');
  const h5 = await run(hp.port, 'telnet', { host: '127.0.5.42', maxAttempts: 5 });
  assert.equal(h5.verdict, 'not-affected');
  assert.equal(hp.connections, 3 + 5, 'configured cap: 5 attempts');
});

test('FTP (vsftpd, virtual users), weak twin: admin/admin found', async (t) => {
  if (!requireBinaries(t, VSFTPD_BIN, DB_LOAD_BIN)) return;
  const weak = await startVsftpd({ ip: '127.0.5.43', anonymous: false, users: [{ username: 'admin', password: 'admin' }] });
  t.after(() => weak.stop());
  const r = await run(21, 'ftp', { host: '127.0.5.43' });
  assert.equal(r.verdict, 'exploitable', JSON.stringify(r));
  assert.equal(entry(r), 'generic/1');
});

test('FTP (vsftpd), hardened twin: no finding, exactly 3 PASS sent', async (t) => {
  if (!requireBinaries(t, VSFTPD_BIN, DB_LOAD_BIN)) return;
  const hard = await startVsftpd({ ip: '127.0.5.44', anonymous: false, users: [{ username: 'admin', password: secret() }] });
  t.after(() => hard.stop());
  const hp = await startTcpCountingProxy('127.0.5.44', { host: '127.0.5.44', port: 21 }, ['PASS ']);
  t.after(() => hp.close());
  const r = await run(hp.port, 'ftp', { host: '127.0.5.44' });
  assert.equal(r.verdict, 'not-affected', JSON.stringify(r));
  assert.equal(hp.marks['PASS '], 3);
  assert.doesNotMatch(JSON.stringify(r.transcript), /PASS [^*]/, 'no password in the transcript');
});

test('MQTT (mosquitto with password file): admin/admin found; hardened twin: no finding within the cap', async (t) => {
  if (!requireBinaries(t, MOSQUITTO_BIN)) return;
  const weak = await startMosquitto({ ip: '127.0.5.45', anonymous: false, users: [{ username: 'admin', password: 'admin' }] });
  t.after(() => weak.stop());
  const r = await run(1883, 'mqtt', { host: '127.0.5.45' });
  assert.equal(r.verdict, 'exploitable', JSON.stringify(r));
  assert.equal(entry(r), 'mqtt-brokers/1');
  const hard = await startMosquitto({ ip: '127.0.5.46', anonymous: false, users: [{ username: 'admin', password: secret() }] });
  t.after(() => hard.stop());
  const hp = await startTcpCountingProxy('127.0.5.46', { host: '127.0.5.46', port: 1883 });
  t.after(() => hp.close());
  assert.equal((await run(hp.port, 'mqtt', { host: '127.0.5.46' })).verdict, 'not-affected');
  assert.equal(hp.connections, 3);
});

test('SNMP (snmpd): community "public" found; hardened twin: no finding, at most 3 requests', async (t) => {
  if (!requireBinaries(t, SNMPD_BIN)) return;
  const weak = await startSnmpd({ ip: '127.0.5.47', communities: ['public'] });
  t.after(() => weak.stop());
  const r = await run(161, 'snmp', { host: '127.0.5.47', transport: 'udp' });
  assert.equal(r.verdict, 'exploitable', JSON.stringify(r));
  assert.equal(entry(r), 'snmp-communities/1');
  assert.doesNotMatch(JSON.stringify(r.transcript), /7075626c6963/, 'community redacted from the hex transcript');
  const hard = await startSnmpd({ ip: '127.0.5.48', communities: [`c${secret()}`] });
  t.after(() => hard.stop());
  const hp = await startUdpCountingProxy('127.0.5.48', { host: '127.0.5.48', port: 161 });
  t.after(() => hp.close());
  assert.equal((await run(hp.port, 'snmp', { host: '127.0.5.48', transport: 'udp' })).verdict, 'not-affected');
  assert.equal(hp.datagrams, 3);
});

test('HTTP basic (lighttpd mod_auth): admin/admin found; hardened twin: no finding, at most 3 Authorization headers', async (t) => {
  if (!requireBinaries(t, LIGHTTPD_BIN)) return;
  const weak = await startLighttpd({ ip: '127.0.5.49', port: 8080, basicAuth: { realm: 'device', username: 'admin', password: 'admin' } });
  t.after(() => weak.stop());
  const r = await run(8080, 'http', { host: '127.0.5.49' });
  assert.equal(r.verdict, 'exploitable', JSON.stringify(r));
  assert.doesNotMatch(JSON.stringify(r), /YWRtaW46YWRtaW4=/, 'basic credentials redacted');
  const hard = await startLighttpd({ ip: '127.0.5.50', port: 8080, basicAuth: { realm: 'device', username: 'admin', password: secret() } });
  t.after(() => hard.stop());
  const hp = await startTcpCountingProxy('127.0.5.50', { host: '127.0.5.50', port: 8080 }, ['Authorization:']);
  t.after(() => hp.close());
  assert.equal((await run(hp.port, 'http', { host: '127.0.5.50' })).verdict, 'not-affected');
  assert.equal(hp.marks['Authorization:'], 3);
});

test('HTTP digest (node:http, RFC 7616 MD5, like an Antminer UI): root/root found via the vendor entry', async (t) => {
  const realm = 'antMiner Configuration';
  const nonce = randomBytes(8).toString('hex');
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  let authAttempts = 0;
  const srv = http.createServer((req, res) => {
    const h = req.headers.authorization;
    if (h) authAttempts++;
    const p = Object.fromEntries([...(h ?? '').matchAll(/(\w+)="?([^",]+)"?/g)].map((m) => [m[1], m[2]]));
    const ok = h?.startsWith('Digest ') && p.response === md5(`${md5(`root:${realm}:root`)}:${nonce}:${p.nc}:${p.cnonce}:${p.qop}:${md5(`GET:${p.uri}`)}`);
    if (ok) return res.writeHead(200).end('ok');
    res.writeHead(401, { 'WWW-Authenticate': `Digest realm="${realm}", qop="auth", nonce="${nonce}"` }).end();
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.5.51', r));
  t.after(() => srv.close());
  const port = (srv.address() as { port: number }).port;
  const r = await run(port, 'http', { host: '127.0.5.51', asset: { class: 'miner', vendor: 'Bitmain' } });
  assert.equal(r.verdict, 'exploitable', JSON.stringify(r));
  assert.equal(entry(r), 'bitmain-antminer/1');
  assert.equal(authAttempts, 1);
});

test('SSH (ssh2 Server counting password attempts): ubnt/ubnt found; hardened twin: at most 3 attempts', async (t) => {
  const privateKey = ssh2.utils.generateKeyPairSync('ed25519').private;
  const start = async (password: string) => {
    const counter = { attempts: 0, methods: new Set<string>() };
    const server = new ssh2.Server({ hostKeys: [privateKey], ident: 'SSH-2.0-dropbear_2019.78 UBNT' }, (client) => {
      client.on('authentication', (ctx) => {
        counter.methods.add(ctx.method);
        if (ctx.method !== 'password') return ctx.reject(['password']);
        counter.attempts++;
        return ctx.username === 'ubnt' && ctx.password === password ? ctx.accept() : ctx.reject(['password']);
      });
      client.on('ready', () => client.end());
      client.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.5.52', r));
    return { server, counter, port: (server.address() as { port: number }).port };
  };
  const weak = await start('ubnt');
  t.after(() => weak.server.close());
  const r = await run(weak.port, 'ssh', { host: '127.0.5.52', product: 'dropbear UBNT' });
  assert.equal(r.verdict, 'exploitable', JSON.stringify(r));
  assert.equal(entry(r), 'ubiquiti/1');
  const hard = await start(secret());
  t.after(() => hard.server.close());
  assert.equal((await run(hard.port, 'ssh', { host: '127.0.5.52', product: 'dropbear UBNT' })).verdict, 'not-affected');
  assert.equal(hard.counter.attempts, 3);
  assert.deepEqual([...hard.counter.methods], ['password'], 'never "none", keys or keyboard-interactive');
});

test('without --credentials nothing is sent', async (t) => {
  const p = await startTcpCountingProxy('127.0.5.40', { host: '127.0.5.40', port: 9 });
  t.after(() => p.close());
  const r = await run(p.port, 'telnet', { allowed: false });
  assert.deepEqual(r, { verdict: 'unknown', reason: 'needs-credentials' });
  assert.equal(p.connections, 0);
});

test('Telnet device that asks for a password only (scripted peer): the pair\'s password alone is sent', async (t) => {
  const net = await import('node:net');
  let tries = 0;
  const srv = net.createServer((s) => {
    s.write('\r\nPassword: ');
    s.on('data', (b) => {
      tries++;
      s.write(b.toString().trim() === 'xc3511' ? '\r\n# ' : '\r\nLogin incorrect\r\nPassword: ');
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.5.53', r));
  t.after(() => srv.close());
  const r = await run((srv.address() as { port: number }).port, 'telnet', { host: '127.0.5.53' });
  assert.equal(r.verdict, 'exploitable', JSON.stringify(r));
  assert.equal(tries, 1);
});
