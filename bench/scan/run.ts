// bench/scan: `mamori scan` vs `nmap -sT -T4` on the same targets and ports, inside a network namespace
// this bench creates (its own loopback: the machine's services, port 2024 included, are out of reach).
// Lab: 256 addresses 127.77.0.0/24, ~100 TCP ports each, a fixed pseudo-random set of open ports.
//   (a) as is: every address answers (RST on closed ports) — CPU-bound, nmap's C has the edge;
//   (b) nftables in the namespace silently drops everything to most addresses (absent hosts) and some
//       ports of the live ones (filtered), as on a plant network where silence, not RST, is the norm.
// Reports wall time, CPU time (user+sys of the scanner process) and agreement of the open-port sets.
// Run (root; needs iproute2, nftables, nmap):  npm run bench -- scan   or   node --import tsx bench/scan/run.ts [--rounds N]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { TOP_TCP } from '../../src/net/ports.js';

const NS = 'mamori-bench-scan';
const ROOT = resolve(import.meta.dirname, '../..');
const NET = '127.77.0';
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
// --only a|b runs one scenario (b spends most of its time in nmap's retransmissions).
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
// --cpu-prof DIR: profile each mamori run into DIR (diagnosis only: profiling slows the runs it measures).
const cpuProf = process.argv.includes('--cpu-prof') ? process.argv[process.argv.indexOf('--cpu-prof') + 1] : undefined;
const ports = [...new Set(TOP_TCP)].sort((a, b) => a - b);
const portList = ports.join(',');

// Deterministic lab: a tiny LCG so every run builds the same devices.
let seed = 20261126;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const open: [string, number][] = [];
for (let i = 0; i < 256; i++) {
  const n = rand() < 0.5 ? 0 : 1 + Math.floor(rand() * 4);
  const mine = new Set<number>();
  while (mine.size < n) mine.add(ports[Math.floor(rand() * ports.length)]!);
  for (const p of mine) open.push([`${NET}.${i}`, p]);
}
// (b): live = every 8th address plus those with open ports among the first 64; the rest are absent.
const live = [...new Set([...Array.from({ length: 32 }, (_, k) => `${NET}.${k * 8}`), ...open.filter(([h]) => Number(h.split('.')[3]) < 64).map(([h]) => h)])];
const filteredPorts = ports.filter((_, i) => i % 10 === 3); // ~10 ports dropped on live hosts

function sh(cmd: string, args: string[], opts: { ns?: boolean; input?: string } = {}): string {
  const [c, a] = opts.ns ? ['ip', ['netns', 'exec', NS, cmd, ...args]] : [cmd, args];
  return execFileSync(c, a, { encoding: 'utf8', ...(opts.input !== undefined ? { input: opts.input } : {}), maxBuffer: 256 * 1024 * 1024 });
}

interface Timed {
  wall: number;
  cpu: number;
  out: string;
}

/** Runs a command in the namespace under /usr/bin/time: wall and CPU (user+sys, children included). */
function timed(cmd: string, args: string[], env: Record<string, string> = {}): Timed {
  const r = spawnSync('ip', ['netns', 'exec', NS, '/usr/bin/time', '-f', '@@TIME %e %U %S', cmd, ...args], {
    encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024,
  });
  const m = /@@TIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), out: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function nmapOpen(xml: string): Set<string> {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as any;
  const hosts = [doc.nmaprun?.host ?? []].flat();
  const out = new Set<string>();
  for (const h of hosts) {
    const addr = [h.address].flat().find((a: any) => a.addrtype === 'ipv4')?.addr;
    for (const p of [h.ports?.port ?? []].flat()) if (p.state?.state === 'open' && p.protocol === 'tcp') out.add(`${addr}:${p.portid}`);
  }
  return out;
}

function mamoriOpen(json: string): { set: Set<string>; engineMs: number } {
  const doc = JSON.parse(json) as { summary: { elapsedMs: number }; hosts: { ip: string; ports: { port: number; transport: string; state: string }[] }[] };
  const out = new Set<string>();
  for (const h of doc.hosts) for (const p of h.ports) if (p.transport === 'tcp' && p.state === 'open') out.add(`${h.ip}:${p.port}`);
  return { set: out, engineMs: doc.summary.elapsedMs };
}

const setDiff = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x));

function setup(home: string): () => void {
  spawnSync('ip', ['netns', 'del', NS]);
  sh('ip', ['netns', 'add', NS]);
  sh('ip', ['link', 'set', 'lo', 'up'], { ns: true });
  const lab = spawn('ip', ['netns', 'exec', NS, process.execPath, '--import', 'tsx', join(ROOT, 'bench/scan/lab-server.ts'), JSON.stringify(open)], { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
  const cleanup = () => {
    if (lab.pid) try { process.kill(lab.pid); } catch { /* gone */ }
    // ip netns exec forks the lab as its child; killing the namespace's processes by their own pids:
    for (const pid of spawnSync('ip', ['netns', 'pids', NS], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean)) {
      try { process.kill(Number(pid)); } catch { /* gone */ }
    }
    spawnSync('ip', ['netns', 'del', NS]);
    rmSync(home, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  return cleanup;
}

async function waitReady(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const r = spawnSync('ip', ['netns', 'exec', NS, 'bash', '-c', `exec 3<>/dev/tcp/${open[0]![0]}/${open[0]![1]} && echo ok`], { encoding: 'utf8' });
    if (r.stdout.includes('ok')) return;
    await new Promise((r2) => setTimeout(r2, 100));
  }
  throw new Error('lab did not come up');
}

function nftDrop(): void {
  const rules = `table inet mamori_bench {
  set live { type ipv4_addr; elements = { ${live.join(', ')} } }
  set filtered { type inet_service; elements = { ${filteredPorts.join(', ')} } }
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr ${NET}.0/24 ip daddr != @live drop
    ip daddr @live tcp dport @filtered drop
  }
}
`;
  sh('nft', ['-f', '-'], { ns: true, input: rules });
}

function scenario(name: string, home: string, engine: 'native' | 'js', extra: string[] = []) {
  const env = { MAMORI_HOME: home, MAMORI_SCAN_ENGINE: engine };
  const mamoriArgs = [...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : []), join(ROOT, 'bin/mamori.js'), 'scan', `${NET}.0/24`, '--ports', portList, '--profile', 'fast', '--no-identify', '--json', ...extra];
  const nmapArgs = ['-sT', '-T4', '-n', '-p', portList, '-oX', '-', `${NET}.0/24`];
  const m: Timed[] = [];
  const n: Timed[] = [];
  const engineTimes: number[] = [];
  let mSet = new Set<string>();
  let nSet = new Set<string>();
  for (let i = 0; i < rounds; i++) {
    // Alternate who goes first so neither always meets a warm or a cold kernel.
    const runM = () => {
      const t = timed(process.execPath, mamoriArgs, env);
      const r = mamoriOpen(t.out);
      mSet = r.set;
      engineTimes.push(r.engineMs / 1000);
      m.push(t);
    };
    const runN = () => {
      const t = timed('nmap', nmapArgs);
      nSet = nmapOpen(t.out);
      n.push(t);
    };
    if (i % 2) (runN(), runM());
    else (runM(), runN());
  }
  const expected = name.startsWith('(b)') ? new Set(open.filter(([h, p]) => live.includes(h) && !filteredPorts.includes(p)).map(([h, p]) => `${h}:${p}`)) : new Set(open.map(([h, p]) => `${h}:${p}`));
  const mw = median(m.map((x) => x.wall));
  const nw = median(n.map((x) => x.wall));
  return {
    scenario: name, engine, rounds,
    mamori: { wallS: mw, cpuS: median(m.map((x) => x.cpu)), engineS: median(engineTimes), open: mSet.size },
    nmap: { wallS: nw, cpuS: median(n.map((x) => x.cpu)), open: nSet.size },
    wallRatioMamoriOverNmap: Number((mw / nw).toFixed(2)),
    engineRatioOverNmap: Number((median(engineTimes) / nw).toFixed(2)),
    expectedOpen: expected.size,
    identicalOpenSets: setDiff(mSet, nSet).length === 0 && setDiff(nSet, mSet).length === 0,
    mamoriMatchesLab: setDiff(mSet, expected).length === 0 && setDiff(expected, mSet).length === 0,
    onlyMamori: setDiff(mSet, nSet).slice(0, 10),
    onlyNmap: setDiff(nSet, mSet).slice(0, 10),
  };
}

async function main() {
  if (process.getuid?.() !== 0) throw new Error('bench/scan needs root (ip netns, nft)');
  for (const bin of ['nmap', 'nft', 'ip']) if (spawnSync('which', [bin]).status !== 0) throw new Error(`${bin} is not installed (apt-get install nmap nftables iproute2)`);
  spawnSync(process.execPath, [join(ROOT, 'src/engine/native/build.mjs')], { stdio: 'inherit' });
  // The CLI as `npm install` leaves it: bundled (bin/mamori.js falls back to tsx when the bundle is stale).
  if (spawnSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { stdio: 'inherit' }).status !== 0) throw new Error('the CLI bundle did not build');
  const nativeBuilt = existsSync(join(ROOT, 'src/engine/native/build/connect_scan.node'));
  if (!nativeBuilt) console.error('bench/scan: the native connect loop is not built; measuring the JavaScript loop only');
  const home = mkdtempSync(join(tmpdir(), 'mamori-bench-scan-'));
  const cleanup = setup(home);
  try {
    await waitReady();
    const add = spawnSync(process.execPath, [join(ROOT, 'bin/mamori.js'), 'scope', 'add', `${NET}.0/24`], { env: { ...process.env, MAMORI_HOME: home }, encoding: 'utf8' });
    if (add.status !== 0) throw new Error(add.stderr);
    // Start-up cost of the CLI alone (module loading, DB open), for reading the wall times.
    const startup = median([0, 1, 2].map(() => timed(process.execPath, [join(ROOT, 'bin/mamori.js'), 'scope', 'list'], { MAMORI_HOME: home }).wall));
    const engines = (['native', 'js'] as const).filter((e) => e === 'js' || nativeBuilt);
    const results = [];
    if (only !== 'b') for (const e of engines) results.push(scenario('(a) all addresses answer', home, e));
    if (only !== 'a') {
      nftDrop();
      for (const e of engines) results.push(scenario('(b) absent hosts and filtered ports dropped by nftables', home, e));
    }
    const report = {
      when: new Date().toISOString(), node: process.version, nmap: sh('nmap', ['--version']).split('\n')[0], cpus: spawnSync('nproc', { encoding: 'utf8' }).stdout.trim(),
      loadavg: readFileSync('/proc/loadavg', 'utf8').trim(),
      lab: { addresses: 256, portsPerAddress: ports.length, openPorts: open.length, liveInB: live.length, filteredPortsInB: filteredPorts.length },
      cliStartupS: startup, results,
    };
    console.log(JSON.stringify(report, null, 2));
    writeFileSync(join(ROOT, 'bench/scan/last-result.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    cleanup();
  }
}

main().catch((e) => {
  console.error(`bench/scan: ${(e as Error).message}`);
  process.exit(1);
});
