// bench/scan identification: `mamori scan` vs `nmap -sV` on a lab of REAL daemons (Debian sshd, vsftpd,
// lighttpd twice — once on an odd port —, mosquitto, snmpd, busybox telnetd, samba, pymodbus) and
// EMULATORS where no daemon exists (S7, EtherNet/IP, BACnet, Claymore, cgminer, XMRig), each on its own
// loopback address in 127.0.3.200-215 (this area's test range), started through the shared harnesses.
// Counts the facts each tool got right (service, product, version per port, from a ground-truth table)
// and the wall time of each. Traffic goes to those loopback addresses and the listed ports only.
// Run (root): node --import tsx bench/scan/identify.ts
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { startLighttpd } from '../../test/support/daemons/lighttpd.js';
import { startMosquitto } from '../../test/support/daemons/mosquitto.js';
import { pymodbusAvailable, startPymodbus } from '../../test/support/daemons/pymodbus.js';
import { startSamba } from '../../test/support/daemons/samba.js';
import { startSnmpd } from '../../test/support/daemons/snmpd.js';
import { startSshd } from '../../test/support/daemons/sshd.js';
import { startTelnetd } from '../../test/support/daemons/telnetd.js';
import { startVsftpd } from '../../test/support/daemons/vsftpd.js';
import { startBacnetEmulator } from '../../test/support/emulators/bacnet.js';
import { startCgminerEmulator } from '../../test/support/emulators/cgminer.js';
import { startClaymoreEmulator } from '../../test/support/emulators/claymore.js';
import { startEnipEmulator } from '../../test/support/emulators/enip.js';
import { startS7Emulator } from '../../test/support/emulators/s7comm.js';
import { startXmrigEmulator } from '../../test/support/emulators/xmrig.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ip = (n: number) => `127.0.3.${n}`;

interface Truth {
  ip: string;
  transport: 'tcp' | 'udp';
  port: number;
  what: string;
  /** Service names that count as right (mamori's and nmap's vocabularies). */
  service: RegExp;
  product?: RegExp;
  version?: RegExp;
}

interface Seen {
  service?: string;
  product?: string;
  version?: string;
}

async function startLab(): Promise<{ truth: Truth[]; stop: () => Promise<void> }> {
  const stops: (() => Promise<unknown>)[] = [];
  const truth: Truth[] = [];
  const add = async <T extends { stop?: () => Promise<unknown>; close?: () => Promise<unknown> }>(p: Promise<T>, t: Omit<Truth, 'port'> & { port: number | ((x: T) => number) }) => {
    try {
      const d = await p;
      stops.push(() => (d.stop ? d.stop() : d.close!()));
      truth.push({ ...t, port: typeof t.port === 'function' ? t.port(d) : t.port });
    } catch (e) {
      console.error(`identify bench: ${t.what} did not start: ${(e as Error).message.split('\n')[0]}`);
    }
  };
  await add(startSshd({ ip: ip(201), port: 22 }), { ip: ip(201), transport: 'tcp', port: 22, what: 'OpenSSH 9.2p1 (sshd)', service: /^ssh$/, product: /openssh/i, version: /9\.2p1/ });
  await add(startVsftpd({ ip: ip(202), port: 21, anonymous: true }), { ip: ip(202), transport: 'tcp', port: 21, what: 'vsftpd 3.0.3', service: /^ftp$/, product: /vsftpd/i, version: /3\.0\.3/ });
  await add(startLighttpd({ ip: ip(203), port: 80, title: 'Plant portal' }), { ip: ip(203), transport: 'tcp', port: 80, what: 'lighttpd 1.4.69', service: /^http$/, product: /lighttpd/i, version: /1\.4\.69/ });
  await add(startLighttpd({ ip: ip(213), port: 2222, title: 'odd port' }), { ip: ip(213), transport: 'tcp', port: 2222, what: 'lighttpd on 2222', service: /^http$/, product: /lighttpd/i, version: /1\.4\.69/ });
  await add(startMosquitto({ ip: ip(204), port: 1883, anonymous: true }), { ip: ip(204), transport: 'tcp', port: 1883, what: 'mosquitto 2.0.11', service: /^mqtt$/, product: /mosquitto/i, version: /2\.0\.11/ });
  await add(startSnmpd({ ip: ip(205), port: 161, sysDescr: 'Linux plant-gw 6.1.0 x86_64' }), { ip: ip(205), transport: 'udp', port: 161, what: 'net-snmp 5.9.3', service: /^snmp$/, product: /net-?snmp|linux/i });
  await add(startTelnetd({ ip: ip(206), port: 23 }), { ip: ip(206), transport: 'tcp', port: 23, what: 'busybox telnetd', service: /^telnet$/ });
  await add(startSamba({ ip: ip(207), smb1: true }), { ip: ip(207), transport: 'tcp', port: 445, what: 'samba 4.17 (SMB1 on)', service: /^(smb|microsoft-ds|netbios-ssn)$/, product: /samba/i, version: /4\.1?\d?/ });
  if (pymodbusAvailable()) await add(startPymodbus(ip(208), { vendorName: 'Schneider Electric', productCode: 'BMX P34 2020', revision: 'v2.8' }, 502), { ip: ip(208), transport: 'tcp', port: 502, what: 'pymodbus (Schneider identity)', service: /^(modbus|mbap)$/, product: /schneider|bmx/i, version: /2\.8/ });
  await add(startS7Emulator({ host: ip(209), port: 102, preset: 's7-1200' }), { ip: ip(209), transport: 'tcp', port: 102, what: 'S7-1200 EMULATOR', service: /^(s7comm|iso-tsap)$/, product: /s7|siemens|6es7/i, version: /4\.2/ });
  await add(startEnipEmulator({ host: ip(210), port: 44818 }), { ip: ip(210), transport: 'tcp', port: 44818, what: 'EtherNet/IP EMULATOR', service: /^(enip|ethernetip|EtherNetIP-2)$/i, product: /rockwell|allen|1756|controllogix/i });
  await add(startBacnetEmulator({ host: ip(211), port: 47808 }), { ip: ip(211), transport: 'udp', port: 47808, what: 'BACnet EMULATOR', service: /^bacnet$/i });
  await add(startClaymoreEmulator({ host: ip(212), port: 3333, version: '15.0 - ETH', pool: 'eth-eu1.nanopool.org:9999' }), { ip: ip(212), transport: 'tcp', port: 3333, what: 'Claymore EMULATOR', service: /^(claymore-api|claymore)$/, version: /15\.0/ });
  await add(startCgminerEmulator({ host: ip(214), port: 4028, program: 'cgminer', version: '4.11.1' }), { ip: ip(214), transport: 'tcp', port: 4028, what: 'cgminer EMULATOR', service: /^(cgminer-api|cgminer)$/, version: /4\.11\.1/ });
  await add(startXmrigEmulator({ host: ip(215), version: '6.22.1' }), { ip: ip(215), transport: 'tcp', port: (d: { port: number }) => d.port, what: 'XMRig API EMULATOR (random port)', service: /^(xmrig-api|xmrig)$/, version: /6\.22\.1/ });
  return { truth, stop: async () => void (await Promise.all(stops.map((s) => s().catch(() => undefined)))) };
}

function score(truth: Truth[], seen: Map<string, Seen>) {
  let right = 0;
  let possible = 0;
  const rows = truth.map((t) => {
    const s = seen.get(`${t.ip} ${t.transport}/${t.port}`) ?? {};
    const checks = [['service', t.service, s.service], ['product', t.product, s.product], ['version', t.version, s.version]] as const;
    let r = 0;
    let p = 0;
    for (const [, re, v] of checks) {
      if (!re) continue;
      p++;
      // A version fact also counts when the tool put it in the product field (nmap often does).
      if (v && re.test(v)) r++;
    }
    right += r;
    possible += p;
    return { what: t.what, right: r, of: p, seen: [s.service, s.product, s.version].filter(Boolean).join(' | ') };
  });
  return { right, possible, rows };
}

/** Runs a command without blocking this process: the emulators live in it and must keep answering. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const c = spawn(cmd, args, { env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    c.stdout.on('data', (d: Buffer) => out.push(d));
    c.stderr.on('data', (d: Buffer) => err.push(d));
    c.on('close', (status) => resolveRun({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

async function main() {
  if (process.getuid?.() !== 0) throw new Error('needs root (samba alias, daemons on privileged ports)');
  const lab = await startLab();
  const home = mkdtempSync(join(tmpdir(), 'mamori-bench-identify-'));
  try {
    const tcp = [...new Set(lab.truth.filter((t) => t.transport === 'tcp').map((t) => t.port))].sort((a, b) => a - b);
    const udp = [...new Set(lab.truth.filter((t) => t.transport === 'udp').map((t) => t.port))].sort((a, b) => a - b);
    const targets = `${ip(200)}-215`;
    const env = { ...process.env, MAMORI_HOME: home };
    spawnSync(process.execPath, [join(ROOT, 'bin/mamori.js'), 'scope', 'add', targets], { env }); // before any device is asked anything
    let t0 = Date.now();
    const m = await run(process.execPath, [join(ROOT, 'bin/mamori.js'), 'scan', targets, '--ports', `T:${tcp.join(',')},U:${udp.join(',')}`, '--json'], env);
    const mamoriS = (Date.now() - t0) / 1000;
    if (m.status !== 0) throw new Error(`mamori scan failed: ${m.stderr}`);
    const doc = JSON.parse(m.stdout) as { summary: { elapsedMs: number }; hosts: { ip: string; ports: { transport: string; port: number; service?: string; product?: string; version?: string }[] }[] };
    const mSeen = new Map<string, Seen>();
    for (const h of doc.hosts) for (const p of h.ports) mSeen.set(`${h.ip} ${p.transport}/${p.port}`, { service: p.service, product: p.product, version: [p.product, p.version].filter(Boolean).join(' ') || undefined });
    t0 = Date.now();
    const n = await run('nmap', ['-sV', '-sT', '-sU', '-n', '-Pn', '-p', `T:${tcp.join(',')},U:${udp.join(',')}`, '-oX', '-', targets]);
    const nmapS = (Date.now() - t0) / 1000;
    if (n.status !== 0) throw new Error(`nmap failed: ${n.stderr}`);
    const x = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(n.stdout) as any;
    const nSeen = new Map<string, Seen>();
    for (const h of [x.nmaprun?.host ?? []].flat()) {
      const addr = [h.address].flat().find((a: any) => a.addrtype === 'ipv4')?.addr;
      for (const p of [h.ports?.port ?? []].flat()) {
        if (!String(p.state?.state).startsWith('open')) continue;
        const sv = p.service ?? {};
        nSeen.set(`${addr} ${p.protocol}/${p.portid}`, { service: sv.name, product: [sv.product, sv.extrainfo].filter(Boolean).join(' ') || undefined, version: [sv.product, sv.version].filter(Boolean).join(' ') || undefined });
      }
    }
    const ms = score(lab.truth, mSeen);
    const ns = score(lab.truth, nSeen);
    const report = {
      when: new Date().toISOString(), devices: lab.truth.length,
      mamori: { wallS: mamoriS, engineS: doc.summary.elapsedMs / 1000, factsRight: ms.right, of: ms.possible },
      nmapSV: { wallS: nmapS, factsRight: ns.right, of: ns.possible },
      perDevice: lab.truth.map((t, i) => ({ device: t.what, port: `${t.port}/${t.transport}`, mamori: `${ms.rows[i]!.right}/${ms.rows[i]!.of} ${ms.rows[i]!.seen}`, nmap: `${ns.rows[i]!.right}/${ns.rows[i]!.of} ${ns.rows[i]!.seen}` })),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await lab.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`bench/scan identify: ${(e as Error).message}`);
  process.exit(1);
});
