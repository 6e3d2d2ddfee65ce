// End to end through the CLI: a small lab of emulated and inventoried devices, `mamori campaigns run` for
// each campaign gives the expected verdict per device, findings come out of `findings list --json` with the
// documented fields, and the lifecycle commands work on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.js';
import { openStore } from '../../db/open.js';
import { InventoryService } from '../../services/inventory.service.js';
import { startSmb1Emulator } from '../../../test/support/emulators/smb1-ms17-010.js';
import { startDoublePulsarEmulator } from '../../../test/support/emulators/doublepulsar.js';
import { startClaymoreEmulator } from '../../../test/support/emulators/claymore.js';

const OWNER = '0x1111111111111111111111111111111111111111';
const SATORI = '0xd0897da92bd7d7754f4ea18f8169dbc08beb8df7';

function cli(home: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(['--home', home, ...argv], { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}
async function json<T>(home: string, ...argv: string[]): Promise<T> {
  const r = await cli(home, ...argv, '--json');
  assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
  return JSON.parse(r.out) as T;
}
type Report = { assets: { asset: { name: string }; verdict: string; summary: string }[]; summaries: Record<string, string> };
const verdicts = (r: Report) => Object.fromEntries(r.assets.map((a) => [a.asset.name, a.verdict]));

test('mamori campaigns run: expected verdict per lab device; findings list/assign/accept/show; re-check after a fix', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mamori-campaigns-'));
  // Checks touch only the authorized scope: the lab's loopback range.
  assert.equal((await cli(home, 'scope', 'add', '127.0.5.0/24')).code, 0);
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const emus = {
    unpatched: await startSmb1Emulator({ host: '127.0.5.81', vulnerable: true }),
    infected: await startDoublePulsarEmulator('127.0.5.82'),
    patched: await startSmb1Emulator({ host: '127.0.5.83', vulnerable: false }),
    smb2only: await startSmb1Emulator({ host: '127.0.5.84', smb1: false }),
    hijacked: await startClaymoreEmulator({ host: '127.0.5.86', version: '9.3 - ETH', wallet: SATORI, pool: 'eth-us2.dwarfpool.com:8008' }),
    oldOpen: await startClaymoreEmulator({ host: '127.0.5.87', version: '7.3 - ETH', wallet: OWNER }),
    locked: await startClaymoreEmulator({ host: '127.0.5.88', version: '15.0 - ETH', wallet: OWNER, password: 'owner-pw' }),
  };
  t.after(() => Promise.all(Object.values(emus).map((e) => e.close())));
  const store = await openStore(`sqlite:${join(home, 'mamori.db')}`);
  const inv = new InventoryService(store);
  const smb = (port: number) => [{ port, service: 'smb' }];
  const claymore = (port: number) => [{ port, service: 'claymore-api' }];
  await inv.ingest([
    { name: 'win7-unpatched', ips: ['127.0.5.81'], class: 'it', os: { name: 'Windows', version: '6.1.7601' }, services: smb(emus.unpatched.port) },
    { name: 'win7-infected', ips: ['127.0.5.82'], class: 'it', services: smb(emus.infected.port) },
    { name: 'win-patched', ips: ['127.0.5.83'], class: 'it', services: smb(emus.patched.port) },
    { name: 'fs-smb2', ips: ['127.0.5.84'], class: 'it', services: smb(emus.smb2only.port) },
    { name: 'plc-1', ips: ['127.0.5.85'], class: 'ot', kind: 'plc', services: [{ port: 502, service: 'modbus' }] },
    { name: 'rig-hijacked', ips: ['127.0.5.86'], class: 'miner', kind: 'rig', services: claymore(emus.hijacked.port) },
    { name: 'rig-old', ips: ['127.0.5.87'], class: 'miner', kind: 'rig', services: claymore(emus.oldOpen.port) },
    { name: 'rig-locked', ips: ['127.0.5.88'], class: 'miner', kind: 'rig', services: claymore(emus.locked.port) },
    { name: 'cam-1', ips: ['127.0.5.89'], class: 'iot', kind: 'camera', services: [{ port: 23, service: 'telnet' }] },
  ], { source: 'test' });
  await store.close();

  assert.equal((await cli(home, 'miners', 'expect', '--fleet', '--wallet', OWNER, '--pool', 'eth-eu1.nanopool.org:9999')).code, 0);

  const wannacry = await json<Report>(home, 'campaigns', 'run', 'wannacry');
  assert.deepEqual(verdicts(wannacry), {
    'win7-unpatched': 'exploitable', 'win7-infected': 'infected', 'win-patched': 'exposed', 'fs-smb2': 'not-affected', 'plc-1': 'not-affected',
    'rig-hijacked': 'not-affected', 'rig-old': 'not-affected', 'rig-locked': 'not-affected', 'cam-1': 'not-affected',
  });
  assert.match(wannacry.summaries.infected ?? '', /win7-infected/);
  assert.deepEqual(emus.infected.doublePulsarOpcodes, [0x23], 'only the DoublePulsar ping was ever sent');

  const satori = await json<Report>(home, 'campaigns', 'run', 'satori-coin-robber');
  const sv = verdicts(satori);
  assert.equal(sv['rig-hijacked'], 'infected');
  assert.equal(sv['rig-old'], 'exploitable');
  assert.equal(sv['rig-locked'], 'unknown', 'a locked rig with no history is a coverage gap, never clean');
  assert.equal(sv['cam-1'], 'exposed', 'Telnet open: Satori spreads over it');
  assert.equal(sv['plc-1'], 'not-affected');
  for (const e of [emus.hijacked, emus.oldOpen, emus.locked]) assert.deepEqual(e.stats().writeAttempts, [], 'no write method to any rig');

  const mirai = await json<Report>(home, 'campaigns', 'run', 'mirai');
  assert.equal(verdicts(mirai)['cam-1'], 'exposed');
  assert.match(mirai.assets.find((a) => a.asset.name === 'cam-1')!.summary, /tcp\/23/);
  const shamoon = await json<Report>(home, 'campaigns', 'run', 'shamoon', '--no-checks');
  assert.equal(verdicts(shamoon)['win7-unpatched'], 'exposed');
  assert.equal(verdicts(shamoon)['plc-1'], 'unknown', 'Shamoon: the network view never says clean');

  // Findings: the documented fields, one per weakness.
  type F = { id: string; asset: { id: string; hostnames: string[]; ips: string[] }; service: { transport: string; port: number } | null; check: { id: string }; verdict: string; severity: string; title: string; status: string; evidence: unknown[] };
  const list = await json<F[]>(home, 'findings', 'list');
  for (const f of list) for (const k of ['asset', 'service', 'check', 'verdict', 'severity', 'title', 'status', 'evidence'] as const) assert.ok(k in f, `${k} missing`);
  const dp = list.find((f) => f.check.id === 'doublepulsar-implant');
  assert.ok(dp && dp.verdict === 'infected' && dp.asset.ips[0] === '127.0.5.82' && dp.service?.port === emus.infected.port);
  const ms = list.find((f) => f.check.id === 'ms17-010' && f.asset.ips[0] === '127.0.5.81');
  assert.ok(ms, 'MS17-010 finding on the unpatched host');
  assert.ok(list.some((f) => f.check.id === 'miner-integrity' && f.verdict === 'infected'));

  // Lifecycle from the CLI.
  const assigned = await json<{ team: string; dueAt: string; dueSource: string }>(home, 'findings', 'assign', ms.id, '--team', 'it', '--by', 'alice');
  assert.equal(assigned.team, 'IT');
  assert.equal(assigned.dueSource, 'sla');
  let r = await cli(home, 'findings', 'accept', ms.id, '--control', 'x', '--approver', 'y', '--expires', '2001-01-01');
  assert.equal(r.code, 2);
  assert.match(r.err, /not in the future/);
  r = await cli(home, 'findings', 'accept', ms.id, '--control', 'SMB blocked at the cell firewall', '--approver', 'plant manager', '--expires', '2099-01-01', '--by', 'alice');
  assert.equal(r.code, 0, r.err);
  const shown = await json<{ status: string; events: { type: string; actor: string }[] }>(home, 'findings', 'show', ms.id.slice(0, 8));
  assert.equal(shown.status, 'accepted');
  assert.deepEqual(shown.events.map((e) => e.type), ['opened', 'assigned', 'accepted']);
  const again = await json<Report>(home, 'campaigns', 'run', 'wannacry', 'win7-unpatched');
  assert.equal(verdicts(again)['win7-unpatched'], 'mitigated', 'accepted with a compensating control');
  assert.equal((await json<F[]>(home, 'findings', 'list', '--check', 'ms17-010')).find((f) => f.id === ms.id)?.status, 'accepted', 'stays accepted on re-check');

  // The infected host is rebuilt: the implant is gone on re-check, the finding is fixed automatically.
  await emus.infected.close();
  const clean = await startSmb1Emulator({ host: '127.0.5.82', vulnerable: false });
  t.after(() => clean.close());
  const s2 = await openStore(`sqlite:${join(home, 'mamori.db')}`);
  const inv2 = new InventoryService(s2);
  const host = (await inv2.get('127.0.5.82'))!;
  await inv2.ingest([{ ips: ['127.0.5.82'], services: smb(clean.port) }], { source: 'test' });
  await inv2.closeServices(host.id, [{ transport: 'tcp', port: emus.infected.port }], 'test');
  await s2.close();
  assert.equal((await cli(home, 'checks', 'run', '127.0.5.82')).code, 0);
  const after = await json<F[]>(home, 'findings', 'list', '--all', '--check', 'doublepulsar-implant');
  assert.deepEqual(after.map((f) => f.status), ['fixed']);
  assert.equal((await json<F[]>(home, 'findings', 'list', '--asset', '127.0.5.82', '--check', 'doublepulsar-implant')).length, 0);
});

test('campaigns list names a malformed user campaign by file, line and field', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mamori-campaigns-'));
  // Checks touch only the authorized scope: the lab's loopback range.
  assert.equal((await cli(home, 'scope', 'add', '127.0.5.0/24')).code, 0);
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(join(home, 'campaigns'));
  writeFileSync(join(home, 'campaigns', 'log4shell.yaml'), 'id: log4shell\ntitle: {en: Log4Shell, ja: Log4Shell}\ndescription: {en: x, ja: x}\nchecks: [unnecessary-ports]\nverdicts:\n  exposed:\n    - { port: http/8080 }\n');
  const r = await cli(home, 'campaigns', 'list');
  assert.equal(r.code, 2);
  assert.match(r.err, /log4shell\.yaml:7: campaign field \/verdicts\/exposed\/0/);
});

test('mamori campaigns run mirai: exposed without --credentials, exploitable with them (real busybox telnetd), hardened camera not', async (t) => {
  const { requireBinaries } = await import('../../../test/support/daemons/process.js');
  const { startTelnetd, BUSYBOX_BIN } = await import('../../../test/support/daemons/telnetd.js');
  if (!requireBinaries(t, BUSYBOX_BIN)) return;
  const home = mkdtempSync(join(tmpdir(), 'mamori-mirai-'));
  // Checks touch only the authorized scope: the lab's loopback range.
  assert.equal((await cli(home, 'scope', 'add', '127.0.5.0/24')).code, 0);
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const weak = await startTelnetd({ ip: '127.0.5.101', users: [{ username: 'root', password: 'vizxv' }] });
  t.after(() => weak.stop());
  const hard = await startTelnetd({ ip: '127.0.5.102', users: [{ username: 'root', password: 'a-long-unique-one-8c1f' }] });
  t.after(() => hard.stop());
  const store = await openStore(`sqlite:${join(home, 'mamori.db')}`);
  await new InventoryService(store).ingest([
    { name: 'dvr-weak', ips: ['127.0.5.101'], class: 'iot', kind: 'nvr', services: [{ port: 23, service: 'telnet' }] },
    { name: 'dvr-hard', ips: ['127.0.5.102'], class: 'iot', kind: 'nvr', services: [{ port: 23, service: 'telnet' }] },
  ], { source: 'test' });
  await store.close();
  const safe = await json<Report>(home, 'campaigns', 'run', 'mirai');
  assert.deepEqual(verdicts(safe), { 'dvr-weak': 'exposed', 'dvr-hard': 'exposed' });
  const r = await cli(home, 'campaigns', 'run', 'mirai', '--profile', 'normal', '--credentials', '--json');
  assert.equal(r.code, 0, r.err);
  const full = JSON.parse(r.out) as Report;
  assert.deepEqual(verdicts(full), { 'dvr-weak': 'exploitable', 'dvr-hard': 'exposed' });
  assert.doesNotMatch(r.out, /vizxv/, 'the password never leaves the check');
  const f = await json<{ check: { id: string }; data: { entry?: string } }[]>(home, 'findings', 'list', '--check', 'default-credentials');
  assert.deepEqual(f.map((x) => x.data.entry), ['mirai-02']);
});
