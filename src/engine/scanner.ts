// The scan engine: connect scan (connect-loop.ts) → identification on open ports (probe-runner.ts) →
// UDP probes → one HostResult and AssetInput per host, streamed as events while the scan runs.
// Hosts are grouped by profile (OT hosts are scanned ot-safe); each group has its own connect loop and
// its own Limiter for probe connections, so one profile's limits never leak into another's.
// Checks plug in through `afterHost`: it is awaited for each finished host with its inventory input,
// under the same AbortSignal (the checks engine decides what to run; see docs/adr/0003-scan-engine.md).
import type { AssetInput } from '../core/asset.js';
import type { Safety } from '../core/vocabulary.js';
import { probes as registry, type AnyProbe } from '../probes/index.js';
import { ConnectLoop, type LoopHost, type LoopOptions, type LoopStats, type PortState } from './connect-loop.js';
import { NativeConnectLoop } from './native-loop.js';
import { toAssetInput } from './fingerprint.js';
import { Limiter } from './limiter.js';
import { identifyPort } from './probe-runner.js';
import type { Profile } from './profiles.js';
import type { HostResult, PortResult, ScanEvent, ScanPlan, ScanSummary } from './types.js';

export interface ScanOptions {
  probes?: readonly AnyProbe[];
  /** Run identification probes on open ports (default true). */
  identify?: boolean;
  /** Highest safety class the user opted in to (--allow S3). */
  allow?: Safety;
  /** Skip hosts that answer none of the discovery ports (default true, nmap's host discovery). */
  ping?: boolean;
  pingPorts?: readonly number[];
  signal?: AbortSignal;
  localAddress?: string;
  onEvent?: (e: ScanEvent) => void;
  /** The hook for checks: called for each finished host (complete or cut short by cancellation). */
  afterHost?: (host: HostResult, asset: AssetInput | null, signal: AbortSignal) => Promise<void>;
  progressIntervalMs?: number;
  /**
   * Which connect loop: the native addon (fast; used by 'auto' when built, except for ot-safe hosts,
   * whose pacing makes speed irrelevant) or the JavaScript one. Default: MAMORI_SCAN_ENGINE or 'auto'.
   */
  connectEngine?: 'auto' | 'js' | 'native';
}

export interface ScanOutcome {
  hosts: HostResult[];
  summary: ScanSummary;
}

/** Ports nmap's connect-scan host discovery would touch, plus common IT/OT ones that answer RST when closed. */
export const DEFAULT_PING_PORTS = [80, 443, 22, 445] as const;

interface HostAcc {
  open: Map<number, PortState>;
  closed: number;
  filtered: number;
  done: boolean;
  result?: HostResult;
}

export async function runScan(plan: ScanPlan, o: ScanOptions = {}): Promise<ScanOutcome> {
  const started = Date.now();
  const signal = o.signal ?? new AbortController().signal;
  const probes = o.probes ?? registry;
  const identify = o.identify ?? true;
  const ping = o.ping ?? true;
  const emit = o.onEvent ?? (() => undefined);
  const acc: HostAcc[] = plan.hosts.map(() => ({ open: new Map(), closed: 0, filtered: 0, done: false }));
  const udpPorts = identify ? plan.udpPorts : [];
  const portsTotal = plan.hosts.length * (plan.tcpPorts.length + udpPorts.length);
  let portsDone = 0;
  let hostsDone = 0;
  let openCount = 0;
  const loops: { stats: LoopStats }[] = [];
  const engine = o.connectEngine ?? (process.env.MAMORI_SCAN_ENGINE as ScanOptions['connectEngine']) ?? 'auto';
  const connections = () => loops.reduce((n, l) => n + l.stats.attempts, 0);
  const progress = () => {
    const secs = Math.max(0.001, (Date.now() - started) / 1000);
    emit({ type: 'progress', progress: { hostsDone, hostsTotal: plan.hosts.length, portsDone, portsTotal, open: openCount, rate: Math.round(connections() / secs) } });
  };
  const ticker = setInterval(progress, o.progressIntervalMs ?? 250);
  const hostJobs: Promise<void>[] = [];

  const groups = new Map<Profile, number[]>();
  plan.hosts.forEach((h, i) => groups.set(h.profile, [...(groups.get(h.profile) ?? []), i]));

  const finishHost = async (i: number, alive: boolean, limiter: Limiter, profile: Profile) => {
    const h = plan.hosts[i]!;
    const a = acc[i]!;
    const ports: PortResult[] = [];
    const tcpOpen = [...a.open.keys()].sort((x, y) => x - y);
    const jobs = tcpOpen.map(async (port) => {
      const base: PortResult = { transport: 'tcp', port, state: 'open', reason: 'syn-ack' };
      if (!identify || signal.aborted) return base;
      const id = await identifyPort(h.ip, 'tcp', port, { probes, profile, limiter, signal, ...(o.allow ? { allow: o.allow } : {}), ...(o.localAddress ? { localAddress: o.localAddress } : {}), onRefused: (p, reason) => emit({ type: 'refused', probe: p.id, safety: p.safety, ip: h.ip, reason }) });
      const { answered: _answered, ...rest } = id;
      return { ...base, ...rest };
    });
    const udpJobs = alive || !ping ? udpPorts.map(async (port) => {
      if (signal.aborted) return null;
      const id = await identifyPort(h.ip, 'udp', port, { probes, profile, limiter, signal, ...(o.allow ? { allow: o.allow } : {}), ...(o.localAddress ? { localAddress: o.localAddress } : {}) });
      portsDone++;
      if (!id.answered && !id.service) return null;
      const { answered: _answered, ...rest } = id;
      return { ...rest, state: 'open' as const, reason: 'udp-response' } satisfies PortResult;
    }) : [];
    if (!(alive || !ping)) portsDone += udpPorts.length;
    for (const r of await Promise.all(jobs)) ports.push(r);
    for (const r of await Promise.all(udpJobs)) if (r) ports.push(r);
    for (const r of ports) emit({ type: 'port', ip: h.ip, result: r });
    const result: HostResult = {
      ip: h.ip, ...(h.hostname ? { hostname: h.hostname } : {}), profile: profile.name,
      alive: alive || ports.length > 0, complete: !signal.aborted, ports, closed: a.closed, filtered: a.filtered,
    };
    a.result = result;
    hostsDone++;
    const asset = toAssetInput(result);
    emit({ type: 'host', host: result, asset });
    if (o.afterHost && !signal.aborted) await o.afterHost(result, asset, signal);
  };

  const runs = [...groups].map(async ([profile, idxs]) => {
    const limiter = new Limiter({ concurrency: Math.min(profile.concurrency, 128), perHost: () => profile.perHost, rate: profile.rate, hostGapMs: profile.hostGapMs }, signal);
    const hosts: LoopHost[] = idxs.map((i) => ({ ip: plan.hosts[i]!.ip, ports: plan.tcpPorts }));
    const loopOptions: LoopOptions = {
      concurrency: profile.concurrency, perHost: profile.perHost, rate: profile.rate, timeout: profile.timeout, retries: profile.retries, hostGapMs: profile.hostGapMs,
      ...(ping ? { pingPorts: o.pingPorts ?? DEFAULT_PING_PORTS } : {}), signal,
      ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      onPort(k, port, state) {
        const a = acc[idxs[k]!]!;
        portsDone++;
        if (state === 'open') {
          a.open.set(port, state);
          openCount++;
        } else if (state === 'closed') a.closed++;
        else a.filtered++;
      },
      onHostDone(k, alive) {
        const i = idxs[k]!;
        const a = acc[i]!;
        a.done = true;
        // Ports never tried because the host did not answer discovery still count as done.
        portsDone += plan.tcpPorts.length - (a.open.size + a.closed + a.filtered);
        hostJobs.push(finishHost(i, alive, limiter, profile).catch(() => undefined));
      },
    };
    const native = engine !== 'js' && (engine === 'native' || profile.name !== 'ot-safe') && NativeConnectLoop.supports(hosts, loopOptions);
    if (engine === 'native' && !native) throw new Error('the native connect loop is not available (node src/engine/native/build.mjs)');
    const loop = native ? new NativeConnectLoop(hosts, loopOptions) : new ConnectLoop(hosts, loopOptions);
    loops.push(loop);
    await loop.run();
  });
  try {
    await Promise.all(runs);
    // Every onHostDone has run once the loops are over, so the list is complete here.
    await Promise.all(hostJobs);
  } finally {
    clearInterval(ticker);
  }
  // Hosts cut short by cancellation keep what was found: their open ports, unidentified.
  const hosts = plan.hosts.map((h, i): HostResult => {
    const a = acc[i]!;
    return a.result ?? {
      ip: h.ip, ...(h.hostname ? { hostname: h.hostname } : {}), profile: h.profile.name, alive: a.open.size > 0 || a.closed > 0, complete: false,
      ports: [...a.open.keys()].sort((x, y) => x - y).map((port) => ({ transport: 'tcp' as const, port, state: 'open' as const, reason: 'syn-ack' })),
      closed: a.closed, filtered: a.filtered,
    };
  });
  progress();
  const summary: ScanSummary = {
    hosts: hosts.length,
    alive: hosts.filter((h) => h.alive).length,
    openPorts: hosts.reduce((n, h) => n + h.ports.length, 0),
    identified: hosts.reduce((n, h) => n + h.ports.filter((p) => p.service).length, 0),
    cancelled: Boolean(o.signal?.aborted),
    elapsedMs: Date.now() - started,
    connections: connections(),
    selfConnects: loops.reduce((n, l) => n + l.stats.selfConnects, 0),
  };
  return { hosts, summary };
}
