import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { probeContext } from '../../../test/support/probe-context.js';
import { closedPort, startFakeTcp, type FakeServer } from '../../../test/support/daemons/fakes.js';
import { LIGHTTPD_BIN, startLighttpd } from '../../../test/support/daemons/lighttpd.js';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { httpProbe, type HttpOptions } from './http.probe.js';

const FAKE_IP = '127.0.2.160';
const auto: HttpOptions = { tls: 'auto', path: '/' };

test('real lighttpd: plain, TLS with a self-signed certificate, and basic auth', async (t) => {
  if (!requireBinaries(t, LIGHTTPD_BIN)) return;
  const plain = await startLighttpd({ ip: '127.0.2.60', title: 'Plant &amp; office portal' });
  t.after(() => plain.stop());
  const tls = await startLighttpd({ ip: '127.0.2.61', tls: true, cn: 'hmi-07.plant.example' });
  t.after(() => tls.stop());
  const auth = await startLighttpd({ ip: '127.0.2.62', basicAuth: { realm: 'Camera DVR', username: 'admin', password: 'not-a-default' } });
  t.after(() => auth.stop());

  const p = await httpProbe.run(probeContext(plain.ip, plain.port, { timeoutMs: 3000, options: auto }));
  assert.equal(p.kind, 'identified', JSON.stringify(p));
  if (p.kind === 'identified') {
    assert.equal(p.facts.service, 'http');
    assert.equal(p.facts.product, 'lighttpd');
    assert.equal(p.facts.version, '1.4.69');
    assert.deepEqual(p.facts.device?.cpes, ['cpe:2.3:a:lighttpd:lighttpd:1.4.69:*:*:*:*:*:*:*']);
    assert.equal(p.facts.attributes.status, 200);
    assert.equal(p.facts.attributes.title, 'Plant & office portal');
    assert.equal(p.facts.attributes.certificate, null);
  }

  const s = await httpProbe.run(probeContext(tls.ip, tls.port, { timeoutMs: 3000, options: auto }));
  assert.equal(s.kind, 'identified', JSON.stringify(s));
  if (s.kind === 'identified') {
    assert.equal(s.facts.service, 'https');
    assert.equal(s.facts.attributes.tls, true);
    const c = s.facts.attributes.certificate;
    assert.ok(c);
    assert.equal(c.subjectCN, 'hmi-07.plant.example');
    assert.equal(c.issuerCN, 'hmi-07.plant.example');
    assert.equal(c.selfSigned, true);
    assert.equal(c.expired, false);
    assert.ok(c.altNames.includes('DNS:hmi-07.plant.example'));
    assert.ok(c.altNames.includes('IP Address:127.0.2.61'));
    const days = (Date.parse(c.validTo ?? '') - Date.parse(c.validFrom ?? '')) / 86400000;
    assert.ok(days > 29 && days < 31, `validity ${days} days`);
  }

  // An old embedded web server: TLS 1.0 only, SHA-1 suites (OpenSSL security level 0).
  const legacy = await startLighttpd({ ip: '127.0.2.65', tls: true, tlsLegacy: true, cn: 'ups-02' });
  t.after(() => legacy.stop());
  const l = await httpProbe.run(probeContext(legacy.ip, legacy.port, { timeoutMs: 3000, options: auto }));
  assert.equal(l.kind, 'identified', JSON.stringify(l));
  if (l.kind === 'identified') {
    assert.equal(l.facts.attributes.tlsVersion, 'TLSv1');
    assert.equal(l.facts.attributes.certificate?.subjectCN, 'ups-02');
  }
  if (s.kind === 'identified') assert.equal(s.facts.attributes.tlsVersion, 'TLSv1.3');

  // TLS on a port the probe does not expect TLS on: clear text first, then TLS.
  const tlsOdd = await startLighttpd({ ip: '127.0.2.63', port: 8081, tls: true });
  t.after(() => tlsOdd.stop());
  const o = await httpProbe.run(probeContext(tlsOdd.ip, tlsOdd.port, { timeoutMs: 3000, options: auto }));
  assert.equal(o.kind === 'identified' && o.facts.service, 'https', JSON.stringify(o));

  const a = await httpProbe.run(probeContext(auth.ip, auth.port, { timeoutMs: 3000, options: auto }));
  assert.equal(a.kind, 'identified', JSON.stringify(a));
  if (a.kind === 'identified') {
    assert.equal(a.facts.attributes.status, 401);
    assert.equal(a.facts.attributes.authScheme, 'Basic');
    assert.equal(a.facts.attributes.realm, 'Camera DVR');
    assert.equal(a.facts.device?.kind, 'camera');
  }
});

let silent: FakeServer, ssh: FakeServer, garbled: FakeServer, truncated: FakeServer, drip: FakeServer;
before(async () => {
  silent = await startFakeTcp(FAKE_IP, { kind: 'silent' });
  ssh = await startFakeTcp(FAKE_IP, { kind: 'greet', bytes: 'SSH-2.0-OpenSSH_9.2p1\r\n' });
  garbled = await startFakeTcp(FAKE_IP, { kind: 'reply', bytes: Buffer.from('00ff13'.repeat(5000), 'hex'), close: true });
  truncated = await startFakeTcp(FAKE_IP, { kind: 'reply', bytes: 'HTTP/1.1 200 OK\r\nServer: lighttpd/1.4', close: true });
  // A head that never ends: endless header lines, capped by the probe's byte budget.
  drip = await startFakeTcp(FAKE_IP, {
    kind: 'custom',
    onConnection: (sock) => {
      sock.once('data', () => {
        sock.write('HTTP/1.1 200 OK\r\n');
        const timer = setInterval(() => (sock.destroyed ? clearInterval(timer) : sock.write('X-Filler: ' + 'a'.repeat(1000) + '\r\n')), 5);
        sock.on('close', () => clearInterval(timer));
      });
    },
  });
});
after(async () => {
  await Promise.all([silent, ssh, garbled, truncated, drip].map((s) => s.stop()));
});

test('refused port → unreachable/refused', async () => {
  const out = await httpProbe.run(probeContext(FAKE_IP, await closedPort(FAKE_IP), { timeoutMs: 500, options: auto }));
  assert.deepEqual(out, { kind: 'unreachable', reason: 'refused' });
});

test('silent server → not-matched within the deadline', async () => {
  const out = await httpProbe.run(probeContext(FAKE_IP, silent.port, { timeoutMs: 300, options: auto }));
  assert.equal(out.kind, 'not-matched');
});

test('another protocol on the port → not-matched', async () => {
  const out = await httpProbe.run(probeContext(FAKE_IP, ssh.port, { timeoutMs: 500, options: auto }));
  assert.equal(out.kind, 'not-matched');
});

test('garbage, truncated head and an endless head → not-matched, never a crash', async () => {
  for (const s of [garbled, truncated, drip]) {
    const out = await httpProbe.run(probeContext(FAKE_IP, s.port, { timeoutMs: 500, options: auto }));
    assert.equal(out.kind, 'not-matched', JSON.stringify(out).slice(0, 300));
  }
});
