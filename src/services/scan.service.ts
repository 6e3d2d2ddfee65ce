// Scan use-cases shared by the CLI and the API: the scope (add, remove, list), planning a scan (targets
// parsed and expanded, every address checked against the scope, ports and per-host profiles chosen),
// running it (engine events streamed to the caller), and writing what was found to the inventory
// through InventoryService.ingest (source 'scan') with a change report against what was stored before.
import { randomBytes } from 'node:crypto';
import type { Asset, AssetInput } from '../core/asset.js';
import { MamoriError } from '../core/errors.js';
import { safetySchema, type Safety } from '../core/vocabulary.js';
import type { Store } from '../db/open.js';
import * as scansRepo from '../db/repos/scans.repo.js';
import * as scopeRepo from '../db/repos/scope.repo.js';
import { diffHost } from '../engine/changes.js';
import { toAssetInput } from '../engine/fingerprint.js';
import { getProfile, tuneProfile, type Profile, type ProfileName } from '../engine/profiles.js';
import { orderProbes } from '../engine/probe-runner.js';
import { DEFAULT_PING_PORTS, runScan, type ScanOptions } from '../engine/scanner.js';
import type { Change, HostResult, ScanEvent, ScanPlan, ScanSummary } from '../engine/types.js';
import { excludePorts, formatPorts, parsePorts } from '../net/ports.js';
import { assertInScope, compileScope, isOtTarget, parseScopeSpec, type ScopeEntry, type ScopeKind } from '../net/scope.js';
import { expandTargets, parseTargets, systemLookup, type Lookup, type Target } from '../net/targets.js';
import { probes as registry, type AnyProbe } from '../probes/index.js';
import { InventoryService } from './inventory.service.js';

export interface ScanRequest {
  targets: string[];
  exclude?: string[];
  ports?: string;
  excludePorts?: string;
  profile?: ProfileName;
  /** Scan hosts in OT ranges with the chosen profile instead of ot-safe. */
  allowOt?: boolean;
  /** Highest safety class opted in to (--allow S3). */
  allow?: Safety;
  rate?: number;
  timeoutMs?: number;
  concurrency?: number;
  retries?: number;
  ping?: boolean;
  identify?: boolean;
  /** Accept @file targets (CLI yes, API no: the server's files are not the caller's). */
  allowFiles?: boolean;
}

export interface PlannedScan {
  request: ScanRequest;
  plan: ScanPlan;
  /** Addresses in the scope's exclusions (or --exclude): never touched. */
  skipped: Target[];
  profiles: Record<string, number>;
}

export interface ScanRunResult {
  id: string;
  hosts: HostResult[];
  summary: ScanSummary;
  changes: Change[];
  ingest: { created: number; updated: number; unchanged: number };
}

export interface ScanServiceOptions {
  now?: () => Date;
  lookup?: Lookup;
  probes?: readonly AnyProbe[];
}

export const newScanId = (): string => `s-${randomBytes(6).toString('hex')}`;

export class ScanService {
  private readonly inventory: InventoryService;
  private readonly running = new Map<string, AbortController>();

  constructor(
    readonly store: Store,
    private readonly o: ScanServiceOptions = {},
  ) {
    this.inventory = new InventoryService(store, { now: () => this.now() });
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private get probes(): readonly AnyProbe[] {
    return this.o.probes ?? registry;
  }

  // ---- scope ----
  listScope() {
    return scopeRepo.listScope(this.store.db);
  }

  async addScope(e: { kind: ScopeKind; spec: string; ot?: boolean; note?: string | null }) {
    const spec = parseScopeSpec(e.spec).text;
    if (e.kind === 'exclude' && e.ot) throw new MamoriError('E_INPUT_INVALID', '--ot applies to included ranges, not exclusions');
    return scopeRepo.addScope(this.store.db, { kind: e.kind, spec, ot: e.ot ?? false, note: e.note ?? null }, this.now().toISOString());
  }

  async removeScope(ref: string, kind?: ScopeKind) {
    const id = /^\d+$/.test(ref) ? Number(ref) : undefined;
    const removed = await scopeRepo.removeScope(this.store.db, id !== undefined ? { id } : { spec: ref.trim(), ...(kind ? { kind } : {}) });
    if (!removed.length) throw new MamoriError('E_NOT_FOUND', `no scope entry ${ref}`);
    return removed;
  }

  // ---- planning ----
  async plan(req: ScanRequest): Promise<PlannedScan> {
    if (!req.targets.length) throw new MamoriError('E_INPUT_INVALID', 'no targets given');
    const words = [...req.targets, ...(req.exclude ?? [])];
    if (!req.allowFiles && words.some((w) => w.split(/[,\s]+/).some((x) => x.startsWith('@')))) {
      throw new MamoriError('E_INPUT_INVALID', '@file targets are only accepted on the command line');
    }
    if (req.allow !== undefined) safetySchema.parse(req.allow);
    const lookup = this.o.lookup ?? systemLookup;
    const specs = parseTargets(req.targets);
    const exclude = parseTargets(req.exclude ?? []);
    const all = await expandTargets(specs, { lookup });
    const kept = await expandTargets(specs, { lookup, exclude });
    const userExcluded = all.filter((t) => !kept.some((k) => k.ip === t.ip));
    const entries: ScopeEntry[] = await this.listScope();
    const scope = await compileScope(entries, lookup, await scopeRepo.otZoneCidrs(this.store.db));
    const decision = assertInScope(scope, kept);
    const ports = excludePorts(parsePorts(req.ports ?? 'top'), req.excludePorts);
    const tcpPorts = ports.filter((p) => p.transport === 'tcp').map((p) => p.port);
    const udpPorts = ports.filter((p) => p.transport === 'udp').map((p) => p.port);
    if (!tcpPorts.length && !udpPorts.length) throw new MamoriError('E_INPUT_INVALID', 'no ports left to scan after --exclude-ports');
    const tune = {
      ...(req.rate !== undefined ? { rate: req.rate } : {}), ...(req.timeoutMs !== undefined ? { timeoutMs: req.timeoutMs } : {}),
      ...(req.concurrency !== undefined ? { concurrency: req.concurrency } : {}), ...(req.retries !== undefined ? { retries: req.retries } : {}),
    };
    const chosen = tuneProfile(getProfile(req.profile ?? 'normal'), tune);
    const otSafe = tuneProfile(getProfile('ot-safe'), tune);
    const profiles: Record<string, number> = {};
    const knownOt = await this.knownOtAddresses(decision.allowed.map((t) => t.ip));
    const hosts = decision.allowed.map((t) => {
      // An address is treated as OT when its range says so, or when the inventory already knows the device
      // there as OT (class ot, or an OT zone): a PLC outside any declared OT range is still a PLC.
      const profile: Profile = (isOtTarget(scope, t) || knownOt.has(t.ip)) && !req.allowOt ? otSafe : chosen;
      profiles[profile.name] = (profiles[profile.name] ?? 0) + 1;
      return { ip: t.ip, ...(t.hostname ? { hostname: t.hostname } : {}), profile };
    });
    return { request: req, plan: { hosts, tcpPorts, udpPorts }, skipped: [...userExcluded, ...decision.excluded], profiles };
  }

  /** Addresses (of those given) held by assets the inventory knows as OT: class 'ot' or in an OT zone. */
  private async knownOtAddresses(ips: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    if (!ips.length) return out;
    const otZones = (await this.store.db.selectFrom('zones').select('name').where('kind', '=', 'OT').execute()).map((z) => z.name);
    for (let i = 0; i < ips.length; i += 500) {
      const part = ips.slice(i, i + 500);
      let q = this.store.db
        .selectFrom('asset_identifiers as i')
        .innerJoin('assets as a', 'a.id', 'i.asset_id')
        .select('i.value')
        .where('i.kind', '=', 'ip')
        .where('i.value', 'in', part);
      q = q.where((eb) => eb.or([eb('a.class', '=', 'ot'), ...(otZones.length ? [eb('a.zone', 'in', otZones)] : [])]));
      for (const r of await q.execute()) out.add(r.value);
    }
    return out;
  }

  /** What a run would send where, for --dry-run: nothing goes on the wire. */
  describe(p: PlannedScan) {
    const ping = p.request.ping ?? true;
    const identify = p.request.identify ?? true;
    const byProfile = new Map<string, Profile>();
    for (const h of p.plan.hosts) byProfile.set(h.profile.name, h.profile);
    const portProbes = (transport: 'tcp' | 'udp', port: number) =>
      orderProbes(this.probes, transport, port, 0).map((pr) => `${pr.id} (${pr.safety})`);
    return {
      hosts: p.plan.hosts.map((h) => ({ ip: h.ip, ...(h.hostname ? { hostname: h.hostname } : {}), profile: h.profile.name })),
      skipped: p.skipped.map((t) => t.ip),
      ports: formatPorts([...p.plan.tcpPorts.map((port) => ({ transport: 'tcp' as const, port })), ...p.plan.udpPorts.map((port) => ({ transport: 'udp' as const, port }))]),
      discovery: ping ? `TCP connect to ${DEFAULT_PING_PORTS.join(', ')} first; hosts that answer none are skipped` : 'none (every host is assumed up)',
      profiles: [...byProfile.values()].map((pr) => ({
        name: pr.name, hosts: p.profiles[pr.name] ?? 0, concurrency: pr.concurrency, perHost: pr.perHost, ratePerSecond: pr.rate || 'unlimited',
        connectTimeoutMs: pr.timeout, retries: pr.retries, probeTimeoutMs: pr.probeTimeoutMs, maxSafety: pr.maxSafety, allowed: p.request.allow ?? null,
      })),
      tcp: 'SYN, then RST after the handshake (connect scan); no payload',
      probes: identify
        ? [...p.plan.tcpPorts.map((port) => ({ port: `${port}/tcp`, first: portProbes('tcp', port) })), ...p.plan.udpPorts.map((port) => ({ port: `${port}/udp`, first: portProbes('udp', port) }))]
            .filter((x) => x.first.length)
        : [],
      fallback: identify ? 'on an open port no probe is made for, the other TCP probes are tried in priority order (ot-safe: at most 3)' : 'identification disabled',
    };
  }

  // ---- running ----
  async run(p: PlannedScan, o: Pick<ScanOptions, 'signal' | 'onEvent' | 'afterHost'> & { id?: string } = {}): Promise<ScanRunResult> {
    const id = o.id ?? newScanId();
    const db = this.store.db;
    const startedAt = this.now().toISOString();
    await scansRepo.createRun(db, { id, targets: p.request.targets, options: { ...p.request, profiles: p.profiles }, startedAt });
    const ctrl = new AbortController();
    this.running.set(id, ctrl);
    const signal = o.signal ? AbortSignal.any([o.signal, ctrl.signal]) : ctrl.signal;
    let lastSaved = 0;
    // The stored state of each host (for the change report) is read as soon as the host is done, while the
    // rest of the scan runs on the connect loop's thread, instead of for every host after the scan.
    const before = new Map<string, Promise<Asset | null>>();
    try {
      const outcome = await runScan(p.plan, {
        probes: this.probes, signal,
        identify: p.request.identify ?? true, ping: p.request.ping ?? true,
        ...(p.request.allow ? { allow: p.request.allow } : {}),
        ...(o.afterHost ? { afterHost: o.afterHost } : {}),
        onEvent: (e: ScanEvent) => {
          o.onEvent?.(e);
          if (e.type === 'host' && !before.has(e.host.ip)) {
            const stored = this.inventory.get(e.host.ip);
            stored.catch(() => undefined); // awaited in record(), which rethrows
            before.set(e.host.ip, stored);
          }
          if (e.type === 'progress' && Date.now() - lastSaved > 1000) {
            lastSaved = Date.now();
            scansRepo.updateProgress(db, id, e.progress).catch(() => undefined);
          }
        },
      });
      const { changes, ingest, assetIds } = await this.record(outcome.hosts, p, before);
      await scansRepo.saveResults(db, id, outcome.hosts.map((host, i) => ({ host, assetId: assetIds[i] ?? null })));
      const status = outcome.summary.cancelled ? 'cancelled' : 'completed';
      await scansRepo.finishRun(db, id, { status, finishedAt: this.now().toISOString(), summary: outcome.summary, changes });
      return { id, hosts: outcome.hosts, summary: outcome.summary, changes, ingest };
    } catch (e) {
      await scansRepo.finishRun(db, id, { status: 'failed', finishedAt: this.now().toISOString(), error: (e as Error).message }).catch(() => undefined);
      throw e;
    } finally {
      this.running.delete(id);
    }
  }

  /** Change report against the stored inventory, then ingest; closed TCP ports are closed in the inventory. */
  private async record(hosts: HostResult[], p: PlannedScan, prefetched: Map<string, Promise<Asset | null>>) {
    const scanned = new Set(p.plan.tcpPorts);
    const inputs: { i: number; input: AssetInput }[] = [];
    const changes: Change[] = [];
    const before = await Promise.all(hosts.map((h) => prefetched.get(h.ip) ?? this.inventory.get(h.ip)));
    hosts.forEach((h, i) => {
      const input = toAssetInput(h);
      changes.push(...diffHost(before[i] ?? null, h, input, scanned));
      if (input) inputs.push({ i, input });
    });
    const res = inputs.length ? await this.inventory.ingest(inputs.map((x) => x.input), { source: 'scan', sighting: true }) : { created: 0, updated: 0, unchanged: 0, assetIds: [] };
    const assetIds: (string | null)[] = hosts.map(() => null);
    inputs.forEach((x, k) => (assetIds[x.i] = res.assetIds[k] ?? null));
    for (const c of changes) if (!c.assetId) c.assetId = assetIds[hosts.findIndex((h) => h.ip === c.ip)] ?? undefined;
    const closed = new Map<string, { transport: 'tcp'; port: number }[]>();
    for (const c of changes) if (c.kind === 'closed-port' && c.assetId && c.port !== undefined) closed.set(c.assetId, [...(closed.get(c.assetId) ?? []), { transport: 'tcp', port: c.port }]);
    for (const [assetId, keys] of closed) await this.inventory.closeServices(assetId, keys, 'scan');
    const { assetIds: _ids, ...counts } = res;
    return { changes, ingest: counts, assetIds };
  }

  /** Starts a run in the background (API); the promise of the run is returned for tests. */
  async start(planned: PlannedScan): Promise<{ id: string; done: Promise<ScanRunResult | null> }> {
    const id = newScanId();
    const done = this.run(planned, { id }).catch(() => null);
    // Wait until the run row exists so a status request right away finds it.
    for (let i = 0; i < 50 && !(await scansRepo.getRun(this.store.db, id)); i++) await new Promise((r) => setTimeout(r, 10));
    return { id, done };
  }

  cancel(id: string): boolean {
    const c = this.running.get(id);
    c?.abort();
    return Boolean(c);
  }

  getRun(id: string) {
    return scansRepo.getRun(this.store.db, id);
  }

  listRuns(limit?: number) {
    return scansRepo.listRuns(this.store.db, limit);
  }

  getResults(id: string) {
    return scansRepo.getResults(this.store.db, id);
  }
}
