// End to end, as a user runs it: a small plant on loopback (127.0.7.0/24) and the real CLI (`main(argv, io)`,
// in-process, temp --home) from an empty store to the Japanese executive report.
//
//   127.0.7.10  real Samba, SMBv1 ON   "signage PC"   (CSV row, NetBIOS name = its host name)
//   127.0.7.11  real Samba, SMBv1 OFF  the file-server twin (CSV row)
//   127.0.7.12  SMB1/MS17-010 EMULATOR (Windows 7 SP1 srv.sys, unpatched) on 445: an old office PC (CSV row)
//   127.0.7.20  S7-1200 EMULATOR on 102 (CSV row: the PLC as the plant wrote it, serial as the key)
//   127.0.7.30  Claymore EMULATOR 7.3 on 3333, no password (CSV row: a test rig)
//   127.0.7.40  real mosquitto 2.0, anonymous, on 1883 (not in the CSV: found by the scan)
//   127.0.7.50  real pymodbus 3.0 behind the counting proxy on 502 (not in the CSV)
//
// scope add → assets import (Shift_JIS CSV with Japanese headers) → scan --json → assets list --json (merged,
// not duplicated) → feeds import (real NVD/KEV/CSAF files from shared/data) → affected --json → campaigns run
// wannacry / satori-coin-robber --json → findings list --json → report --lang ja --format html.
// Steps that fail because of a known bug in an area this test's author may not edit are `todo` subtests
// named after the bug; the assertion is kept as it should hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { main } from '../../src/cli/main.js';
import { requireBinaries } from '../support/daemons/process.js';
import { SMBD_BIN, startSamba } from '../support/daemons/samba.js';
import { MOSQUITTO_BIN, startMosquitto } from '../support/daemons/mosquitto.js';
import { pymodbusAvailable, startPymodbus } from '../support/daemons/pymodbus.js';
import { startS7Emulator } from '../support/emulators/s7comm.js';
import { startClaymoreEmulator } from '../support/emulators/claymore.js';
import { startSmb1Emulator } from '../support/emulators/smb1-ms17-010.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const data = join(root, '../shared/data');
const NET = '127.0.7';
const PORTS = [102, 445, 502, 1883, 3333];
const IP = { signage: `${NET}.10`, fileServer: `${NET}.11`, officePc: `${NET}.12`, plc: `${NET}.20`, rig: `${NET}.30`, broker: `${NET}.40`, modbus: `${NET}.50` };

interface Run {
  code: number;
  out: string;
  err: string;
}

/** The CLI in-process. Output written to process.stdout directly (not through io) is captured too, and
 * reported separately so a step can tell which channel the command used. */
async function cli(home: string, ...argv: string[]): Promise<Run & { rawStdout: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const raw: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // Only strings are taken: under `node --test` the runner's own reports reach the parent through this same
  // stdout as serialized Buffers, and must pass.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return (write as (c: Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    raw.push(chunk);
    return true;
  }) as typeof process.stdout.write;
  let code: number;
  try {
    code = await main(['--home', home, ...argv], { out: (t) => void out.push(t), err: (t) => void err.push(t), interactive: false });
  } finally {
    process.stdout.write = write;
  }
  return { code, out: out.join('\n'), err: err.join('\n'), rawStdout: raw.join('') };
}

async function json<T>(home: string, ...argv: string[]): Promise<T> {
  const r = await cli(home, ...argv, '--json');
  assert.equal(r.code, 0, `mamori ${argv.join(' ')} exited ${r.code}: ${r.err}`);
  return JSON.parse(r.out || r.rawStdout) as T;
}

interface Service { transport: string; port: number; service: string | null; product: string | null; version: string | null; extra: Record<string, unknown> | null; source: string }
interface Asset {
  id: string; name: string | null; ips: string[]; hostnames: string[]; class: string | null; kind: string | null; vendor: string | null; model: string | null;
  serial: string | null; os: { name: string | null; version: string | null } | null; firmware: { name: string | null; version: string | null } | null;
  cpes: string[]; site: string | null; zone: string | null; owner: string | null; criticality: number | null; notes: string | null; externalId: string | null; attributes: Record<string, string>;
  provenance: Record<string, { source: string }>; services: Service[];
}
interface Match { asset: { id: string; ips: string[] }; advisory: { id: string; format: string }; cve: string | null; verdict: string; confidence: string | null; reasons: string[]; evidence: { field: string }[]; priority: number; kev: { addedAt: string } | null }
interface CampaignReport { campaign: { id: string }; assets: { asset: { id: string; ips: string[]; name: string | null }; verdict: string; summary: string }[]; summaries: Record<string, string> }
interface Finding { id: string; fingerprint: string; check: { id: string }; asset: { id: string; ips: string[] }; service: { transport: string; port: number } | null; verdict: string; severity: string; status: string; references: string[]; dueAt: string | null; dueSource: string | null; evidence: { label: string; excerpt: string }[] }

// Both Samba twins run on this one machine, and smbd (standalone) reports the machine's own host name in
// its NTLM challenge whatever its `netbios name` (`dns hostname` does not change it either: tried). So the
// register knows the signage PC by that name (as a plant register would know a PC by the name it reports),
// and the file-server twin, which answers with the same name (like a PC cloned from one image), only by
// its address: the scan must land on each registered device, not merge the two.
const PC_NAME = hostname().toLowerCase();
// The plant's own register, as kept in Excel and saved as CSV on a Japanese Windows PC (Shift_JIS).
const CSV = [
  '資産番号,機器名,ホスト名,IPアドレス,分類,種別,メーカー,型式,シリアル番号,OS,ゾーン,拠点,担当,重要度,備考',
  `SIG-001,受付サイネージ,${PC_NAME},${IP.signage},情報系,サイネージ,,,,Windows 7 SP1,office,川崎工場,IT,2,受付ロビーの表示用PC`,
  `FS-002,共有ファイルサーバ,,${IP.fileServer},情報系,サーバ,,,,,office,川崎工場,IT,3,`,
  `PC-005,事務所PC,,${IP.officePc},情報系,ワークステーション,,,,Windows 7 SP1,office,川崎工場,IT,3,更新予定`,
  `PLC-003,1号ライン PLC,,${IP.plc},制御系,PLC,シーメンス,S7-1200,S V-L9AL73582016,,plant-cell,川崎工場,OT,5,ライン停止に直結`,
  `RIG-004,検証用マイニング機,,${IP.rig},miner,rig,,,,,lab,川崎工場,IT,1,研究部の検証機`,
].join('\r\n') + '\r\n';

test('mini plant end to end: scope, Shift_JIS import, scan, merge, feeds, affected, campaigns, findings, Japanese report', { timeout: 120_000 }, async (t) => {
  if (!requireBinaries(t, SMBD_BIN, MOSQUITTO_BIN)) return;
  if (!pymodbusAvailable()) {
    const msg = 'python3-pymodbus missing (apt-get install python3-pymodbus python3-serial python3-serial-asyncio)';
    if (process.env.CI) throw new Error(msg);
    console.error(`\n!!! SKIPPED: ${msg}\n`);
    return t.skip(msg);
  }
  const home = mkdtempSync(join(tmpdir(), 'mamori-mini-plant-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));

  // --- the plant ---------------------------------------------------------------------------------
  const signage = await startSamba({ ip: IP.signage, smb1: true, netbiosName: 'SIGNAGE-01', workgroup: 'KAWASAKI' });
  t.after(() => signage.stop());
  const fileServer = await startSamba({ ip: IP.fileServer, smb1: false, netbiosName: 'FS-02', workgroup: 'KAWASAKI' });
  t.after(() => fileServer.stop());
  const officePc = await startSmb1Emulator({ host: IP.officePc, port: 445, vulnerable: true, serverName: 'OFFICE-PC-05', domain: 'KAWASAKI' });
  t.after(() => officePc.close());
  const plc = await startS7Emulator({ host: IP.plc, port: 102, preset: 's7-1200' });
  t.after(() => plc.close());
  const rig = await startClaymoreEmulator({ host: IP.rig, port: 3333, version: '7.3 - ETH', wallet: '0x1111111111111111111111111111111111111111' });
  t.after(() => rig.close());
  const broker = await startMosquitto({ ip: IP.broker, port: 1883, anonymous: true });
  t.after(() => broker.stop());
  const modbus = await startPymodbus(IP.modbus, { vendorName: 'Schneider Electric', productCode: 'BMX P34 2020', revision: 'v2.8', productName: 'Modicon M340' }, 502);
  t.after(() => modbus.stop());

  let assets: Asset[] = [];
  const byIp = (ip: string) => assets.filter((a) => a.ips.includes(ip));
  const one = (ip: string) => {
    const xs = byIp(ip);
    assert.equal(xs.length, 1, `exactly one asset holds ${ip}: ${JSON.stringify(xs.map((a) => ({ id: a.id, name: a.name, hostnames: a.hostnames })))}`);
    return xs[0]!;
  };
  const listAssets = async () => {
    const r = await cli(home, 'assets', 'list', '--json');
    assert.equal(r.code, 0, r.err);
    return { run: r, assets: JSON.parse(r.out || r.rawStdout) as Asset[] };
  };

  await t.test('scope add 127.0.7.0/24', async () => {
    const r = await cli(home, 'scope', 'add', `${NET}.0/24`, '--note', 'mini plant (e2e)');
    assert.equal(r.code, 0, r.err);
    const scope = await json<{ kind: string; spec: string }[]>(home, 'scope', 'list');
    assert.deepEqual(scope.map((s) => `${s.kind} ${s.spec}`), [`include ${NET}.0/24`]);
    // The control network: an OT zone whose ranges hold the PLC and the Modbus controller.
    const z = await cli(home, 'zones', 'add', 'plant-cell', '--kind', 'OT', '--purdue', '1', '--cidr', `${NET}.20/30`, `${NET}.48/30`);
    assert.equal(z.code, 0, z.err);
    const dry = await json<{ hosts: { ip: string; profile: string }[] }>(home, 'scan', `${NET}.0/24`, '--ports', PORTS.join(','), '--dry-run');
    const profile = (ip: string) => dry.hosts.find((h) => h.ip === ip)?.profile;
    assert.equal(profile(IP.plc), 'ot-safe');
    assert.equal(profile(IP.modbus), 'ot-safe');
    assert.equal(profile(IP.signage), 'normal');
    assert.equal(dry.hosts.length, 256);
  });

  await t.test('assets import: the plant register in Shift_JIS with Japanese headers', async () => {
    const file = join(home, '機器台帳.csv');
    writeFileSync(file, iconv.encode(CSV, 'Shift_JIS'));
    assert.ok(!readFileSync(file).toString('utf8').includes('機器名'), 'the fixture really is Shift_JIS');
    const reports = await json<{ rows: number; created: number; encoding: string | null }[]>(home, 'assets', 'import', file);
    assert.equal(reports[0]?.rows, 5);
    assert.equal(reports[0]?.created, 5);
    assert.match(String(reports[0]?.encoding), /shift_jis|cp932|sjis/i);
    ({ assets } = await listAssets());
    assert.equal(assets.length, 5);
    const sig = one(IP.signage);
    assert.equal(sig.name, '受付サイネージ');
    assert.equal(sig.externalId, 'SIG-001');
    assert.deepEqual(sig.hostnames, [PC_NAME]);
    assert.equal(sig.class, 'it');
    assert.equal(sig.kind, 'signage');
    assert.equal(sig.site, '川崎工場');
    assert.deepEqual(sig.os, { name: 'Windows 7 SP1', version: null });
    assert.equal(one(IP.fileServer).kind, 'server');
    assert.equal(one(IP.officePc).kind, 'workstation');
    assert.equal(one(IP.rig).class, 'miner');
    assert.equal(sig.notes, '受付ロビーの表示用PC');
    const p = one(IP.plc);
    assert.equal(p.class, 'ot');
    assert.equal(p.kind?.toLowerCase(), 'plc');
    assert.equal(p.criticality, 5);
  });

  let scan: { summary: { hosts: number; alive: number; openPorts: number; identified: number }; ingest: { created: number; updated: number }; hosts: { ip: string; ports: { port: number; service?: string; product?: string; version?: string }[] }[] };
  await t.test(`scan ${NET}.0/24 --ports <the plant's ports> --json`, async () => {
    scan = await json(home, 'scan', `${NET}.0/24`, '--ports', PORTS.join(','), '--timeout', '1000');
    const port = (ip: string, p: number) => scan.hosts.find((h) => h.ip === ip)?.ports.find((x) => x.port === p);
    assert.equal(port(IP.signage, 445)?.service, 'smb');
    assert.equal(port(IP.fileServer, 445)?.service, 'smb');
    assert.equal(port(IP.officePc, 445)?.service, 'smb');
    assert.equal(port(IP.plc, 102)?.service, 's7comm');
    assert.equal(port(IP.rig, 3333)?.service, 'claymore-api');
    assert.equal(port(IP.broker, 1883)?.service, 'mqtt');
    assert.equal(port(IP.modbus, 502)?.service, 'modbus');
    // Nothing else in the range is open: the six devices and their six ports.
    const open = scan.hosts.flatMap((h) => h.ports.map((p) => `${h.ip}:${p.port}`)).sort();
    assert.deepEqual(open, [`${IP.signage}:445`, `${IP.fileServer}:445`, `${IP.officePc}:445`, `${IP.plc}:102`, `${IP.rig}:3333`, `${IP.broker}:1883`, `${IP.modbus}:502`].sort());
    // Five devices were in the register, two are new.
    assert.equal(scan.ingest.created, 2, JSON.stringify(scan.ingest));
    assert.equal(scan.ingest.updated, 5, JSON.stringify(scan.ingest));
    // ot-safe on the OT zone: one connection at a time to the PLC and the Modbus controller.
    assert.equal(plc.stats().maxConcurrent, 1);
    assert.equal(modbus.stats().maxConcurrent, 1);
    // Identification wrote nothing to the OT devices and the rig.
    assert.deepEqual(plc.stats().writeAttempts, []);
    assert.deepEqual(rig.stats().writeAttempts, []);
    assert.deepEqual(modbus.stats().writeFunctionCodes, []);
  });

  await t.test('assets list --json: the scan merged into the registered devices and found SMBv1, the S7 module, the miner, anonymous MQTT, Modbus', async () => {
    ({ assets } = await listAssets());
    assert.equal(assets.length, 7, JSON.stringify(assets.map((a) => ({ name: a.name, ips: a.ips, hostnames: a.hostnames }))));
    const sig = one(IP.signage);
    assert.equal(sig.externalId, 'SIG-001', 'the scan result landed on the registered signage PC');
    assert.equal(sig.name, '受付サイネージ');
    const smb = sig.services.find((s) => s.port === 445)!;
    assert.equal(smb.service, 'smb');
    assert.equal(smb.source, 'scan');
    assert.equal((smb.extra?.attributes as { smb1?: { state?: string } } | undefined)?.smb1?.state, 'accepted', 'SMBv1 accepted on the signage PC');
    const fs = one(IP.fileServer);
    assert.equal(fs.externalId, 'FS-002');
    assert.equal((fs.services.find((s) => s.port === 445)?.extra?.attributes as { smb1?: { state?: string } } | undefined)?.smb1?.state, 'rejected', 'SMBv1 refused on the twin');

    const pc = one(IP.officePc);
    assert.equal(pc.externalId, 'PC-005');
    assert.deepEqual(pc.hostnames, ['office-pc-05'], 'the NetBIOS server name from the SMB1 negotiate');
    assert.equal((pc.services.find((s) => s.port === 445)?.extra?.attributes as { smb1?: { state?: string } } | undefined)?.smb1?.state, 'accepted');

    const p = one(IP.plc);
    assert.equal(p.externalId, 'PLC-003');
    assert.equal(p.name, '1号ライン PLC');
    assert.equal(p.class, 'ot');
    assert.match(p.vendor ?? '', /siemens/i);
    assert.match(`${p.model}`, /S7-1200|6ES7 ?214-1AG40-0XB0|1214C/);
    assert.equal(p.serial, 'S V-L9AL73582016');
    assert.ok(p.cpes.some((c) => c.startsWith('cpe:2.3:o:siemens:simatic_s7-1200_firmware:4.2.1')), JSON.stringify(p.cpes));
    assert.equal(p.firmware?.version?.replace(/^V/i, ''), '4.2.1');
    assert.equal(p.services.find((s) => s.port === 102)?.service, 's7comm');

    const r = one(IP.rig);
    assert.equal(r.externalId, 'RIG-004');
    assert.equal(r.class, 'miner');
    const api = r.services.find((s) => s.port === 3333)!;
    assert.equal(api.service, 'claymore-api');
    assert.equal(api.version, '7.3');

    const b = one(IP.broker);
    assert.equal(b.externalId, null);
    const mqtt = b.services.find((s) => s.port === 1883)!;
    assert.equal(mqtt.service, 'mqtt');
    assert.equal(mqtt.product, 'Mosquitto');
    assert.equal((mqtt.extra?.attributes as { anonymousAccepted?: boolean } | undefined)?.anonymousAccepted, true, 'anonymous CONNECT accepted');
    assert.ok(b.cpes.some((c) => c.startsWith('cpe:2.3:a:eclipse:mosquitto:2.0')), JSON.stringify(b.cpes));

    const m = one(IP.modbus);
    assert.equal(m.class, 'ot');
    assert.equal(m.services.find((s) => s.port === 502)?.service, 'modbus');
    assert.match(m.vendor ?? '', /schneider/i);
  });

  await t.test('a second scan of the plant changes nothing: no new device, no change reported, same asset ids', async () => {
    const ids = new Map(assets.map((a) => [a.id, a.ips.join(',')]));
    const again = await json<{ ingest: { created: number; updated: number; unchanged: number }; changes: { kind: string; ip: string }[] }>(home, 'scan', ...Object.values(IP), '--ports', PORTS.join(','), '--timeout', '1000');
    assert.equal(again.ingest.created, 0, JSON.stringify(again.ingest));
    assert.deepEqual(again.changes, []);
    const now = (await listAssets()).assets;
    assert.deepEqual(new Map(now.map((a) => [a.id, a.ips.join(',')])), ids);
  });

  await t.test('assets list --json writes through the CLI io like every other --json', async () => {
    const { run } = await listAssets();
    assert.ok(run.out.startsWith('['), 'the JSON came through io.out');
    assert.equal(run.rawStdout, '');
  });

  await t.test('feeds import: real NVD (EternalBlue, Claymore), CISA KEV and a Siemens CSAF advisory', async () => {
    const files = [
      join(data, 'nvd/cves/CVE-2017-0144.json'),
      join(data, 'nvd/cves/CVE-2018-1000049.json'),
      join(data, 'kev/known_exploited_vulnerabilities.json'),
      join(data, 'csaf/2023/icsa-23-257-01.json'),
    ];
    const r = await cli(home, 'feeds', 'import', ...files, '--json');
    assert.equal(r.code, 0, r.err);
    const list = await json<unknown>(home, 'feeds', 'list');
    assert.match(JSON.stringify(list), /nvd-cve-2\.0/);
    assert.match(JSON.stringify(list), /cisa-kev/);
    assert.match(JSON.stringify(list), /csaf-2\.0/);
  });

  let eternalBlue: Match[] = [];
  await t.test('affected CVE-2017-0144 --json: the Windows 7 SP1 office PC is matched, KEV flagged; the Samba hosts are not affected', async () => {
    eternalBlue = await json<Match[]>(home, 'affected', 'CVE-2017-0144');
    for (const m of eternalBlue) {
      assert.equal(m.cve, 'CVE-2017-0144');
      assert.equal(m.advisory.id, 'CVE-2017-0144');
      assert.equal(m.advisory.format, 'nvd-cve-2.0');
      assert.ok(m.kev?.addedAt, 'EternalBlue is in CISA KEV');
      assert.ok(Array.isArray(m.reasons) && m.reasons.length > 0);
      assert.ok(['affected', 'fixed', 'not-affected', 'unknown'].includes(m.verdict));
    }
    const pc = eternalBlue.find((m) => m.asset.ips.includes(IP.officePc));
    assert.ok(pc, `the office PC (Windows 7 SP1 by its SMB answer) is matched: ${JSON.stringify(eternalBlue.map((m) => [m.asset.ips, m.verdict]))}`);
    // Samba on Debian is not the Windows platform NVD lists: never affected, SMBv1 or not.
    assert.ok(!eternalBlue.some((m) => (m.asset.ips.includes(IP.signage) || m.asset.ips.includes(IP.fileServer)) && m.verdict === 'affected'));
  });

  await t.test('affected CVE-2017-0144: Windows 7 SP1 + SMBv1 accepted (proven by the scan) → affected', async () => {
    const pc = eternalBlue.find((m) => m.asset.ips.includes(IP.officePc));
    assert.equal(pc?.verdict, 'affected', JSON.stringify(pc?.reasons));
    assert.ok(pc?.evidence.some((e) => /services\[tcp\/\d+\]|cpes/.test(e.field)), 'the SMBv1 component is the evidence');
  });

  await t.test('affected ICSA-23-257-01 --json: the Siemens CSAF advisory reaches the scanned S7-1200', async () => {
    const siemens = await json<Match[]>(home, 'affected', 'ICSA-23-257-01');
    const m = siemens.find((x) => x.asset.ips.includes(IP.plc));
    assert.ok(m, JSON.stringify(siemens.map((x) => [x.asset.ips, x.verdict])));
    assert.equal(m.advisory.format, 'csaf-2.0');
    // The advisory lists "SIMATIC S7-1200 CPU family, all versions" as known_affected.
    assert.equal(m.cve, 'CVE-2023-28831');
    assert.equal(m.verdict, 'affected', JSON.stringify(m.reasons));
  });

  await t.test('affected CVE-2018-1000049 --json: the Claymore 7.3 rig (NVD: claymore_dual_miner <= 7.3) → affected', async () => {
    const claymore = await json<Match[]>(home, 'affected', 'CVE-2018-1000049');
    const rigMatch = claymore.find((m) => m.asset.ips.includes(IP.rig));
    assert.equal(rigMatch?.verdict, 'affected', JSON.stringify(claymore));
  });

  await t.test('campaigns run wannacry --json: office PC exploitable (MS17-010), signage PC exposed (SMBv1 on Samba), the SMB2-only twin not', async () => {
    const rep = await json<CampaignReport>(home, 'campaigns', 'run', 'wannacry');
    assert.equal(rep.campaign.id, 'wannacry');
    const v = (ip: string) => rep.assets.find((a) => a.asset.ips.includes(ip))?.verdict;
    assert.equal(v(IP.officePc), 'exploitable', JSON.stringify(rep.assets));
    // Real Samba is not Windows srv.sys: the MS17-010 transaction is refused, so SMBv1 alone → exposed.
    assert.equal(v(IP.signage), 'exposed', JSON.stringify(rep.assets));
    assert.equal(v(IP.fileServer), 'not-affected', JSON.stringify(rep.assets));
    assert.ok(!rep.assets.some((a) => a.verdict === 'infected'));
    // Only negotiate / session setup / tree connect / one transaction (and the DoublePulsar ping) reached the PC.
    assert.ok(officePc.commands.every((c) => [0x72, 0x73, 0x75, 0x25, 0x32, 0x71, 0x74].includes(c)), JSON.stringify(officePc.commands));
  });

  await t.test('campaigns run satori-coin-robber --json: the open Claymore 7.3 rig is exploitable', async () => {
    const rep = await json<CampaignReport>(home, 'campaigns', 'run', 'satori-coin-robber');
    assert.equal(rep.campaign.id, 'satori-coin-robber');
    const rigRow = rep.assets.find((a) => a.asset.ips.includes(IP.rig));
    assert.equal(rigRow?.verdict, 'exploitable', JSON.stringify(rep.assets));
    assert.deepEqual(rig.stats().writeAttempts, [], 'the campaign never sent a write method to the rig');
  });

  await t.test('checks run --check anonymous-access --json: the broker takes anonymous MQTT clients', async () => {
    const r = await json<{ results: { check: string; asset: { ips: string[] }; service: { port: number } | null; verdict: string }[] }>(home, 'checks', 'run', IP.broker, '--check', 'anonymous-access');
    const mqtt = r.results.find((x) => x.check === 'anonymous-access' && x.service?.port === 1883);
    assert.ok(mqtt && ['exposed', 'exploitable'].includes(mqtt.verdict), JSON.stringify(r.results));
    assert.deepEqual(mqtt.asset.ips, [IP.broker]);
  });

  let findings: Finding[] = [];
  await t.test('findings list --json: documented fields; SMBv1 and the rig API, KEV due date on the SMB finding', async () => {
    findings = await json<Finding[]>(home, 'findings', 'list');
    for (const f of findings) {
      assert.match(f.id, /^[0-9a-f]{12}$/);
      assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(f.fingerprint.startsWith(f.id));
      assert.ok(['infected', 'exploitable', 'exposed'].includes(f.verdict));
      assert.ok(['open', 'reopened'].includes(f.status));
      assert.ok(['info', 'low', 'medium', 'high', 'critical'].includes(f.severity));
    }
    const smb1 = findings.find((f) => f.check.id === 'smbv1-enabled');
    assert.ok(smb1, JSON.stringify(findings.map((f) => [f.check.id, f.asset.ips])));
    assert.deepEqual(smb1.asset.ips, [IP.signage]);
    assert.deepEqual(smb1.service, { transport: 'tcp', port: 445 });
    assert.equal(smb1.verdict, 'exposed');
    assert.equal(smb1.dueSource, 'kev', 'CVE-2017-0144 is in the imported KEV catalog');
    assert.ok(!findings.some((f) => f.check.id === 'smbv1-enabled' && f.asset.ips.includes(IP.fileServer)));
    const ms17 = findings.find((f) => f.check.id === 'ms17-010');
    assert.deepEqual(ms17?.asset.ips, [IP.officePc]);
    assert.equal(ms17?.verdict, 'exploitable');
    assert.ok(ms17?.references.includes('CVE-2017-0144'));
    assert.equal(ms17?.dueSource, 'kev');
    assert.ok(findings.some((f) => f.check.id === 'anonymous-access' && f.asset.ips.includes(IP.broker) && f.service?.port === 1883));
    const miner = findings.find((f) => f.check.id === 'miner-api-unauthenticated');
    assert.deepEqual(miner?.asset.ips, [IP.rig]);
    assert.equal(miner?.verdict, 'exploitable');
    assert.deepEqual(miner?.service, { transport: 'tcp', port: 3333 });
  });

  await t.test('campaigns run wannacry again: same findings (fingerprints stable), nothing reopened or duplicated', async () => {
    const before = findings.map((f) => f.fingerprint).sort();
    await json<CampaignReport>(home, 'campaigns', 'run', 'wannacry');
    const after = await json<Finding[]>(home, 'findings', 'list');
    assert.deepEqual(after.map((f) => f.fingerprint).sort(), before);
    assert.ok(after.every((f) => f.status === 'open'));
  });

  await t.test('report --lang ja --format html -o FILE: Japanese headings, the plant devices', async () => {
    const file = join(home, 'report-ja.html');
    const r = await cli(home, 'report', '--lang', 'ja', '--format', 'html', '--tz', 'Asia/Tokyo', '-o', file);
    assert.equal(r.code, 0, r.err);
    const html = readFileSync(file, 'utf8');
    assert.match(html, /<html[^>]*lang="ja"/);
    assert.match(html, /[ぁ-んァ-ヶ一-龯]{4,}/, 'Japanese text');
    assert.match(html, /<h[12][^>]*>[^<]*[ぁ-んァ-ヶ一-龯][^<]*<\/h[12]>/, 'a Japanese heading');
    assert.match(html, /受付サイネージ/, 'the signage PC appears under its register name');
    assert.match(html, /SMBv1/);
    assert.match(html, /事務所PC/, 'the office PC appears');
    assert.match(html, /検証用マイニング機|127\.0\.7\.30/, 'the rig appears');
  });
});
