// Runs checks over inventory assets and turns their verdicts into findings. Called by `mamori checks run`,
// `mamori campaigns run` and `mamori scan --checks`.
//
// Safety gate (design.md §4.4): S0–S2 run in every profile; S3 (credential attempts) only with the explicit
// --credentials opt-in and never in the ot-safe profile; S4 never. A check held back by the gate is
// recorded as 'unknown' (needs-credentials / disallowed-by-policy) so the gap shows in coverage.
import { randomUUID } from 'node:crypto';
import type { Asset, Service } from '../core/asset.js';
import type { Safety } from '../core/vocabulary.js';
import type { Store } from '../db/open.js';
import { FindingsRepo, zoneKinds, type CheckResultRow } from '../db/repos/findings.repo.js';
import { fingerprint, PROBLEM_VERDICTS, type Finding } from '../findings/finding.js';
import { kevFromStore, type KevLookup } from '../findings/kev.js';
import { FindingsService, type ObserveCounts, type ObservedProblem } from '../services/findings.service.js';
import { listScope, otZoneCidrs } from '../db/repos/scope.repo.js';
import { compileScope, inScope, isExcluded, isOtTarget, type CompiledScope } from '../net/scope.js';
import type { Target } from '../net/targets.js';
import { makeCheckContext } from './check-context.js';
import { checks as registry } from './index.js';
import type { Check, CheckResult } from './types.js';

export type Profile = 'ot-safe' | 'normal' | 'fast';

export interface RunChecksOptions {
  profile: Profile;
  credentials: boolean;
  /**
   * Credential attempts on OT assets (class ot or an OT zone) need this second opt-in: a locked-out PLC or
   * HMI account can stop a plant (detection-techniques: S3 is opt-in per asset class).
   */
  credentialsOnOt?: boolean;
  signal?: AbortSignal;
  /** Only these check ids (default: all registered). */
  checkIds?: readonly string[];
  /** Replace the registry (tests). */
  checks?: readonly Check<any>[];
  /**
   * The authorized scope (default: the stored one). Checks that send anything reach only addresses inside
   * it and outside its exclusions; an asset with no such address gets `unknown` and no traffic.
   */
  scope?: CompiledScope;
  /** Per-check options, by check id, validated by each check's optionsSchema. */
  options?: Record<string, unknown>;
  now?: () => Date;
  /** Time budget of one check on one service. */
  timeoutMs?: number;
  source?: string;
  kev?: KevLookup;
  /** How many assets are checked at once. */
  concurrency?: number;
  onResult?: (o: CheckOutcome) => void;
}

export interface CheckOutcome {
  checkId: string;
  asset: Asset;
  service: Service | null;
  result: CheckResult;
}

export interface RunChecksReport {
  runId: string;
  outcomes: CheckOutcome[];
  findings: ObserveCounts;
}

export function allowedByGate(
  safety: Safety,
  profile: Profile,
  credentials: boolean,
  ot: { asset: boolean; optIn: boolean } = { asset: false, optIn: false },
): { ok: true } | { ok: false; reason: string } {
  if (safety === 'S4') return { ok: false, reason: 'disallowed-by-policy' };
  if (safety === 'S3') {
    if (profile === 'ot-safe') return { ok: false, reason: 'disallowed-by-policy' };
    if (!credentials) return { ok: false, reason: 'needs-credentials' };
    if (ot.asset && !ot.optIn) return { ok: false, reason: 'disallowed-by-policy: credential attempts on an OT asset need --credentials-ot' };
  }
  return { ok: true };
}

const svcRef = (s: Service | null): Finding['service'] => (s ? { transport: s.transport, port: s.port } : null);

export async function runChecks(store: Store, assets: readonly Asset[], opts: RunChecksOptions): Promise<RunChecksReport> {
  const now = opts.now ?? (() => new Date());
  const repo = new FindingsRepo(store.db);
  const selected = (opts.checks ?? registry).filter((c) => !opts.checkIds || opts.checkIds.includes(c.id));
  // Without a caller-supplied lookup, KEV due dates come from what `mamori feeds import` stored.
  const kev = opts.kev ?? (await kevFromStore(store.db, selected.flatMap((c) => c.references)));
  const findings = new FindingsService(store, { now, kev });
  const runId = randomUUID();
  await repo.insertRun({ id: runId, startedAt: now().toISOString(), profile: opts.profile, credentials: opts.credentials, source: opts.source ?? 'checks' });
  const zones = await zoneKinds(store.db);
  const scope = opts.scope ?? (await compileScope(await listScope(store.db)));
  // OT zones' ranges and `scope add --ot` ranges make an address OT, as they do for the scan (ot-safe): a device a
  // scan found there has no zone name yet, and must not be treated as IT by the S3 gate or the OT-zone checks.
  const otZones = await compileScope([], undefined, await otZoneCidrs(store.db));
  const inOtRange = (asset: Asset) => asset.ips.some((ip) => isOtTarget(scope, { spec: ip, ip }) || isOtTarget(otZones, { spec: ip, ip }));
  /** The first address of the asset that may be touched, or null. */
  const reachable = (asset: Asset): string | null => {
    for (const ip of asset.ips) {
      const t: Target = { spec: ip, ip, ...(asset.hostnames[0] ? { hostname: asset.hostnames[0] } : {}) };
      if (inScope(scope, t) && !isExcluded(scope, t)) return ip;
    }
    return null;
  };
  const expectations = await repo.expectations();
  const parsedOptions = new Map(selected.map((c) => [c.id, c.optionsSchema.parse(opts.options?.[c.id] ?? {})]));
  const outcomes: CheckOutcome[] = [];
  const counts: ObserveCounts = { opened: 0, reopened: 0, fixed: 0, updated: 0 };
  const add = (c: ObserveCounts) => {
    for (const k of Object.keys(counts) as (keyof ObserveCounts)[]) counts[k] += c[k];
  };

  const checkAsset = async (asset: Asset) => {
    const otRange = inOtRange(asset);
    const zoneKind = (asset.zone ? (zones.get(asset.zone) ?? null) : null) ?? (otRange ? 'OT' : null);
    const findingAsset = { id: asset.id, name: asset.name, hostnames: asset.hostnames, ips: asset.ips };
    const serviceLevelRan: string[] = [];
    for (const check of selected) {
      if (opts.signal?.aborted) return;
      const level = check.level ?? (check.services.length ? 'service' : 'asset');
      const targets: (Service | null)[] = level === 'asset' ? [null] : asset.services;
      const gate = allowedByGate(check.safety, opts.profile, opts.credentials, { asset: asset.class === 'ot' || zoneKind === 'OT' || otRange, optIn: opts.credentialsOnOt ?? false });
      if (level === 'service' && gate.ok) serviceLevelRan.push(check.id);
      for (const service of targets) {
        if (!check.selects(asset, service)) continue;
        const prevRows = await repo.results({ checkId: check.id, assetId: asset.id, port: service?.port ?? null });
        let results: CheckResult[];
        if (!gate.ok) {
          results = [{ verdict: 'unknown', reason: gate.reason }];
        } else if (!asset.ips[0] && !asset.hostnames[0] && check.safety !== 'S0') {
          results = [{ verdict: 'unknown', reason: 'no address to reach the asset' }];
        } else if (check.safety !== 'S0' && !reachable(asset)) {
          results = [{ verdict: 'unknown', reason: `outside the authorized scope: ${asset.ips.join(', ') || asset.hostnames.join(', ')} (add it with mamori scope add)` }];
        } else {
          const host = check.safety === 'S0' ? undefined : reachable(asset)!;
          const ctx = makeCheckContext({
            ...(host ? { host } : {}),
            asset,
            service,
            options: parsedOptions.get(check.id),
            ...(opts.signal ? { signal: opts.signal } : {}),
            timeoutMs: opts.timeoutMs ?? check.timeoutMs ?? 10_000,
            zoneKind,
            credentialsAllowed: opts.credentials,
            previous: prevRows.map((r) => ({ verdict: r.verdict as CheckResult['verdict'], discriminator: r.discriminator || null, data: safeJson(r.data), at: r.at })),
            minerExpectations: expectations.filter((e) => e.assetId === null || e.assetId === asset.id),
            now: now(),
          });
          try {
            const r = await check.run(ctx);
            results = Array.isArray(r) ? r : [r];
          } catch (e) {
            // A check that throws is a bug, not a verdict: record it as a gap and go on with the next.
            results = [{ verdict: 'unknown', reason: `check error: ${(e as Error).message}`.slice(0, 300) }];
          }
          if (!results.length) results = [{ verdict: 'not-affected' }];
        }
        const at = now().toISOString();
        const rows: CheckResultRow[] = results.map((r) => toRow(runId, check, asset.id, service, r, at));
        // Several results with one discriminator would collide on the key: keep the first.
        const unique = [...new Map(rows.map((r) => [r.key, r])).values()];
        await repo.replaceResults({ checkId: check.id, assetId: asset.id, transport: service?.transport ?? null, port: service?.port ?? null }, unique);
        const problems: ObservedProblem[] = [];
        for (const r of results) {
          outcomes.push({ checkId: check.id, asset, service, result: r });
          opts.onResult?.({ checkId: check.id, asset, service, result: r });
          // Only infected/exploitable/exposed open findings (PROBLEM_VERDICTS); the rest are passes or gaps.
          if (r.verdict === 'not-affected' || r.verdict === 'unknown' || r.verdict === 'mitigated' || !PROBLEM_VERDICTS.has(r.verdict)) continue;
          problems.push({
            checkId: check.id,
            asset: findingAsset,
            service: svcRef(service),
            discriminator: r.discriminator ?? null,
            verdict: r.verdict,
            confidence: r.confidence,
            severity: r.severity ?? check.severity,
            title: check.title.en,
            summary: r.summary,
            evidence: [...r.evidence],
            transcript: [...(r.transcript ?? [])],
            references: [...new Set([...check.references, ...((r.data?.references as string[] | undefined) ?? [])])],
            data: r.data ?? {},
          });
        }
        const complete = results.every((r) => r.verdict !== 'unknown');
        add(await findings.observe({ checkId: check.id, asset: findingAsset, service: svcRef(service) }, problems, complete));
      }
    }
    const live = new Set(asset.services.map((s) => `${s.transport}/${s.port}`));
    add({ opened: 0, reopened: 0, updated: 0, fixed: await findings.closeForGoneServices(asset.id, serviceLevelRan, live) });
  };

  const queue = [...assets];
  const workers = Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, queue.length)) }, async () => {
    for (let a = queue.shift(); a; a = queue.shift()) await checkAsset(a);
  });
  await Promise.all(workers);
  await repo.finishRun(runId, now().toISOString(), { ...counts, results: outcomes.length });
  return { runId, outcomes, findings: counts };
}

function toRow(runId: string, check: Check<any>, assetId: string, service: Service | null, r: CheckResult, at: string): CheckResultRow {
  const discriminator = 'discriminator' in r && r.discriminator ? r.discriminator : '';
  return {
    key: fingerprint({ checkId: check.id, assetId, service: svcRef(service), discriminator }),
    run_id: runId,
    check_id: check.id,
    asset_id: assetId,
    transport: service?.transport ?? null,
    port: service?.port ?? null,
    discriminator,
    verdict: r.verdict,
    reason: r.verdict === 'unknown' ? r.reason : null,
    severity: r.verdict === 'unknown' || r.verdict === 'not-affected' ? null : (r.severity ?? check.severity),
    summary: r.verdict === 'unknown' ? `unknown: ${r.reason}` : (r.summary ?? ''),
    evidence: JSON.stringify(r.evidence ?? []),
    transcript: JSON.stringify(r.transcript ?? []),
    data: JSON.stringify(r.data ?? {}),
    at,
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
