import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { ScanLab } from '../../test/support/scan-lab.js';
import { probes as registry } from '../probes/index.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConnectLoop } from './connect-loop.js';
import { nativeBinding } from './native-loop.js';
import { labBannerProbe, labLoginProbe, labUdpProbe } from './fixtures/lab-probes.js';
import { getProfile, safetyGate, tuneProfile } from './profiles.js';
import { runScan } from './scanner.js';
import type { ScanEvent } from './types.js';

// Addresses 127.0.3.0/24 belong to this suite (see docs/testing: one range per area).
const quick = (name: 'ot-safe' | 'normal' | 'fast', over: Parameters<typeof tuneProfile>[1] = {}) =>
  tuneProfile(getProfile(name), { timeoutMs: 400, ...over });

test('finds open ports, identifies them on any port, and builds inventory input', async (t) => {
  const lab = new ScanLab();
  t.after(() => lab.close());
  const a = await lab.listen('127.0.3.10', 'banner', { banner: 'LAB/2.1 PLC-9000\r\n' });
  const b = await lab.listen('127.0.3.11', 'banner', { banner: 'LAB/1.0\r\n' });
  const events: ScanEvent[] = [];
  const profile = quick('normal');
  const r = await runScan(
    { hosts: ['127.0.3.10', '127.0.3.11', '127.0.3.12'].map((ip) => ({ ip, profile })), tcpPorts: [a.port, b.port].sort(), udpPorts: [] },
    { probes: [labBannerProbe], onEvent: (e) => events.push(e) },
  );
  const [h10, h11, h12] = r.hosts;
  assert.deepEqual(h10?.ports.map((p) => [p.port, p.service, p.version]), [[a.port, 'lab', '2.1']]);
  assert.deepEqual(h11?.ports.map((p) => [p.port, p.service, p.version]), [[b.port, 'lab', '1.0']]);
  assert.equal(h12?.ports.length, 0);
  assert.equal(h10?.closed, 1);
  assert.ok(h10?.ports[0]?.transcript?.some((x) => x.dir === 'received' && x.excerpt.startsWith('LAB/2.1')));
  const asset = events.find((e) => e.type === 'host' && e.host.ip === '127.0.3.10');
  assert.ok(asset && asset.type === 'host');
  assert.equal(asset.asset?.class, 'ot');
  assert.equal(asset.asset?.vendor, 'Lab Co');
  assert.equal(asset.asset?.model, 'PLC-9000');
  assert.deepEqual(asset.asset?.firmware, { name: null, version: '2.1' });
  assert.equal(r.summary.openPorts, 2);
  assert.equal(r.summary.identified, 2);
});

test('ot-safe: never more than one connection at a time per host, probes included', async (t) => {
  const lab = new ScanLab();
  t.after(() => lab.close());
  const hosts = ['127.0.3.20', '127.0.3.21'];
  const ports: number[] = [];
  for (const h of hosts) for (let i = 0; i < 3; i++) ports.push((await lab.listen(h, i === 0 ? 'banner' : i === 1 ? 'silent' : 'drip')).port);
  const profile = quick('ot-safe', { rate: 1000, concurrency: 64 });
  assert.equal(profile.perHost, 1);
  assert.equal(profile.rate, 10, 'ot-safe keeps its low rate whatever --rate says');
  const fastOt = { ...profile, rate: 0 }; // the rate is not what is under test here; speed the run up
  // 'auto' is the production choice: ot-safe hosts always get the JavaScript loop.
  const r = await runScan({ hosts: hosts.map((ip) => ({ ip, profile: fastOt })), tcpPorts: [...new Set(ports)].sort(), udpPorts: [] }, { probes: [labBannerProbe], connectEngine: 'auto' });
  for (const h of hosts) {
    assert.equal(lab.peak.get(h), 1, `${h} saw ${lab.peak.get(h)} simultaneous connections`);
    assert.ok((lab.total.get(h) ?? 0) >= 3, 'probe connections reached the host');
  }
  assert.equal(r.summary.openPorts, 6);
});

test('global concurrency and per-host caps hold in the connect loop', async (t) => {
  const lab = new ScanLab();
  t.after(() => lab.close());
  const ports: number[] = [];
  for (let h = 30; h < 34; h++) for (let i = 0; i < 6; i++) ports.push((await lab.listen(`127.0.3.${h}`, 'silent')).port);
  const uniq = [...new Set(ports)].sort();
  const hosts = [30, 31, 32, 33].map((h) => ({ ip: `127.0.3.${h}`, ports: uniq }));
  let open = 0;
  const loop = new ConnectLoop(hosts, { concurrency: 3, perHost: 2, rate: 0, timeout: { initial: 400, min: 100, max: 400 }, retries: 0, onPort: (_h, _p, s) => void (s === 'open' && open++), onHostDone: () => undefined });
  await loop.run();
  assert.equal(open, 24);
  assert.ok(lab.peakAll <= 3, `peak ${lab.peakAll} > 3`);
  for (let h = 30; h < 34; h++) assert.ok((lab.peak.get(`127.0.3.${h}`) ?? 0) <= 2);
});

test('the rate limit spaces connections out (a lower bound, never flaky)', async (t) => {
  const lab = new ScanLab();
  t.after(() => lab.close());
  const ports = Array.from({ length: 12 }, (_, i) => 1 + i); // closed ports: refusals are instant
  const started = Date.now();
  const loop = new ConnectLoop([{ ip: '127.0.3.35', ports }], { concurrency: 100, perHost: 100, rate: 20, timeout: { initial: 400, min: 100, max: 400 }, retries: 0, onPort: () => undefined, onHostDone: () => undefined });
  await loop.run();
  assert.equal(loop.stats.attempts, 12);
  // 12 connections at 20/s with a burst of 1 cannot take less than 11 × 50 ms.
  assert.ok(Date.now() - started >= 540, `12 connections in ${Date.now() - started} ms at 20/s`);
});

test('safety gate: an S3 probe is refused under ot-safe and normal unless opted in; ot-safe never', async (t) => {
  assert.equal(safetyGate('S3', getProfile('normal')).allowed, false);
  assert.equal(safetyGate('S3', getProfile('ot-safe')).allowed, false);
  assert.equal(safetyGate('S3', getProfile('normal'), 'S3').allowed, true);
  assert.equal(safetyGate('S3', getProfile('ot-safe'), 'S3').allowed, false);
  assert.equal(safetyGate('S4', getProfile('fast'), 'S3').allowed, false);
  assert.equal(safetyGate('S2', getProfile('ot-safe')).allowed, true);
  const gate = safetyGate('S3', getProfile('normal'));
  assert.ok(!gate.allowed && /--allow S3/.test(gate.reason));

  const lab = new ScanLab();
  t.after(() => lab.close());
  const s = await lab.listen('127.0.3.40', 'silent');
  const refused: ScanEvent[] = [];
  for (const name of ['ot-safe', 'normal'] as const) {
    await runScan({ hosts: [{ ip: '127.0.3.40', profile: quick(name, { rate: 0 }) }], tcpPorts: [s.port], udpPorts: [] }, { probes: [labLoginProbe, labBannerProbe], onEvent: (e) => e.type === 'refused' && refused.push(e) });
  }
  await runScan({ hosts: [{ ip: '127.0.3.40', profile: { ...quick('ot-safe'), rate: 0 } }], tcpPorts: [s.port], udpPorts: [] }, { probes: [labLoginProbe], allow: 'S3' });
  assert.equal(refused.length, 2);
  assert.ok(!s.received.some((b) => b.includes('LOGIN')), 'the S3 payload never reached the device');
  // With the opt-in under normal, it runs.
  await runScan({ hosts: [{ ip: '127.0.3.40', profile: quick('normal') }], tcpPorts: [s.port], udpPorts: [] }, { probes: [labLoginProbe], allow: 'S3' });
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(s.received.some((b) => b.includes('LOGIN')));
});

test('cancellation stops the scan and keeps what was found', async (t) => {
  const lab = new ScanLab();
  t.after(() => lab.close());
  const hosts = Array.from({ length: 6 }, (_, i) => `127.0.3.${50 + i}`);
  const ports: number[] = [];
  for (const h of hosts) ports.push((await lab.listen(h, 'banner')).port);
  const ctrl = new AbortController();
  const profile = { ...quick('ot-safe'), rate: 20, concurrency: 1 };
  const r = await runScan({ hosts: hosts.map((ip) => ({ ip, profile })), tcpPorts: [...new Set(ports)].sort(), udpPorts: [] }, {
    probes: [labBannerProbe], signal: ctrl.signal,
    onEvent: (e) => e.type === 'host' && e.host.ports.length && ctrl.abort(),
  });
  assert.equal(r.summary.cancelled, true);
  const done = r.hosts.filter((h) => h.complete);
  assert.ok(done.length >= 1 && done.length < hosts.length);
  assert.ok(done.every((h) => h.ports.length >= 1 && h.ports.some((p) => p.service === 'lab')), 'identified hosts are kept');
  assert.ok(r.hosts.some((h) => !h.complete), 'unfinished hosts are marked incomplete');
});

test('hostile devices (garbage, silence, drip, 100 MB flood, close mid-handshake) cannot crash or stall the scan', { timeout: 30_000 }, async (t) => {
  const lab = new ScanLab();
  t.after(() => lab.close());
  const host = '127.0.3.60';
  const kinds = ['garbage', 'silent', 'drip', 'flood', 'close'] as const;
  const servers = [];
  for (const k of kinds) servers.push(await lab.listen(host, k));
  const profile = { ...tuneProfile(getProfile('normal'), { timeoutMs: 300 }), probeTimeoutMs: 300 };
  const probeSet = [labBannerProbe, ...registry];
  const r = await runScan({ hosts: [{ ip: host, profile }], tcpPorts: servers.map((s) => s.port).sort(), udpPorts: [] }, { probes: probeSet });
  const h = r.hosts[0]!;
  assert.equal(h.complete, true);
  // Every port answered the handshake, so every one is open; none is identified as the lab protocol.
  assert.equal(h.ports.length, kinds.length);
  assert.ok(h.ports.every((p) => p.service !== 'lab'));
  for (const p of h.ports) assert.ok((p.attempts ?? []).every((a) => a.outcome !== 'error'), `a probe threw on ${p.port}: ${JSON.stringify(p.attempts)}`);
});

test('UDP ports are open only when a probe gets an answer', async (t) => {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.3.70', () => r()));
  t.after(() => sock.close());
  sock.on('message', (m, rinfo) => m.toString() === 'PING' && sock.send('PONG', rinfo.port, rinfo.address));
  const port = sock.address().port;
  const r = await runScan({ hosts: [{ ip: '127.0.3.70', profile: quick('normal') }, { ip: '127.0.3.71', profile: quick('normal') }], tcpPorts: [], udpPorts: [port] }, { probes: [labUdpProbe(port)], ping: false });
  assert.deepEqual(r.hosts[0]?.ports.map((p) => [p.transport, p.port, p.service]), [['udp', port, 'lab-udp']]);
  assert.equal(r.hosts[1]?.ports.length, 0);
});

test('a socket that connects to itself is not reported open (self-connect guard)', async () => {
  // Connecting from 127.0.3.80:P to 127.0.3.80:P with nothing listening is a TCP simultaneous open
  // with itself: the kernel reports "connected". This is the false open that scanning ephemeral
  // ports of a loopback address produces.
  const port = 40000 + Math.floor(Math.random() * 20000);
  const states: string[] = [];
  const loop = new ConnectLoop([{ ip: '127.0.3.80', ports: [port] }], {
    concurrency: 1, perHost: 1, rate: 0, timeout: { initial: 500, min: 100, max: 500 }, retries: 0, localAddress: '127.0.3.80', localPort: port,
    onPort: (_h, _p, s, why) => states.push(`${s}:${why}`), onHostDone: () => undefined,
  });
  await loop.run();
  assert.deepEqual(states, ['closed:self-connect']);
  assert.equal(loop.stats.selfConnects, 1);
});

test('the native connect loop and the JavaScript one report the same ports', async (t) => {
  if (!nativeBinding()) spawnSync(process.execPath, [fileURLToPath(new URL('./native/build.mjs', import.meta.url))], { stdio: 'inherit' });
  if (!nativeBinding()) {
    console.error('!!! SKIPPED: the connect-scan addon could not be built (cc + node_api.h needed); only the JavaScript loop was tested');
    return t.skip('addon not built');
  }
  const lab = new ScanLab();
  t.after(() => lab.close());
  const ports: number[] = [];
  for (let h = 130; h < 138; h++) for (let i = 0; i < (h % 3) + 1; i++) ports.push((await lab.listen(`127.0.3.${h}`, 'banner')).port);
  const uniq = [...new Set(ports)].sort((a, b) => a - b);
  const plan = { hosts: Array.from({ length: 10 }, (_, i) => ({ ip: `127.0.3.${130 + i}`, profile: quick('fast') })), tcpPorts: [...uniq, 1, 2, 3], udpPorts: [] };
  const view = (r: Awaited<ReturnType<typeof runScan>>) => r.hosts.map((h) => `${h.ip} ${h.alive} ${h.closed} ${h.filtered} ${h.ports.map((p) => p.port).join(',')}`);
  const js = await runScan(plan, { identify: false, connectEngine: 'js' });
  const native = await runScan(plan, { identify: false, connectEngine: 'native' });
  assert.deepEqual(view(native), view(js));
  assert.equal(native.summary.openPorts, ports.length);
  // Cancellation reaches the addon's thread too.
  const ctrl = new AbortController();
  ctrl.abort();
  const cancelled = await runScan(plan, { identify: false, connectEngine: 'native', signal: ctrl.signal });
  assert.equal(cancelled.summary.cancelled, true);
});
