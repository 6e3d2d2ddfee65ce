// `mamori scan TARGETS`: scope-checked discovery. Progress on stderr (a bar when it is a terminal), data on
// stdout: a summary table, --json (one document) or --jsonl (NDJSON events while the scan runs).
// Ctrl-C stops cleanly: sockets are closed, what was found is written to the inventory, exit code 130.
// --checks hands the scanned assets to the checks runner (src/checks/runner.ts) afterwards, each host
// with its own profile; --credentials is the S3 opt-in it needs (never honoured for ot-safe hosts).
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { MamoriError } from '../../core/errors.js';
import { SAFETY_CLASSES, type Safety } from '../../core/vocabulary.js';
import { PROFILE_NAMES, type ProfileName } from '../../engine/profiles.js';
import type { ScanEvent, ScanProgress } from '../../engine/types.js';
import type { ScanRequest, ScanRunResult, ScanService } from '../../services/scan.service.js';
import type { CliContext } from '../context.js';
import { printJson, table } from '../output.js';

interface ScanFlags {
  profile: ProfileName;
  ports: string;
  excludePorts?: string;
  exclude?: string[];
  rate?: number;
  timeout?: number;
  concurrency?: number;
  retries?: number;
  ping: boolean;
  identify: boolean;
  allow?: Safety;
  allowOt?: boolean;
  checks?: boolean;
  credentials?: boolean;
  dryRun?: boolean;
  json?: boolean;
  jsonl?: boolean;
}

const num = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new MamoriError('E_INPUT_INVALID', `${name} must be an integer ${min}-${max}, got ${JSON.stringify(v)}`);
  return n;
};

export function registerScan(program: Command, ctx: CliContext): void {
  program
    .command('scan <targets...>')
    .description('discover and identify devices in TARGETS (CIDR, a.b.c.d-e, host names, @file); every target must be in the scope')
    .addOption(new Option('--profile <name>', 'pacing and safety: ot-safe, normal, fast (OT scope ranges always get ot-safe unless --allow-ot)').choices(PROFILE_NAMES).default('normal'))
    .option('--ports <list>', 'top | all | list like 22,80,1000-2000,U:161', 'top')
    .option('--exclude-ports <list>', 'ports never to touch (nmap --exclude-ports syntax)')
    .option('--exclude <hosts...>', 'hosts/ranges never to touch (nmap --exclude)')
    .option('--rate <n>', 'new connections per second, all hosts together (0 = profile default)', num('--rate', 0, 1_000_000))
    .option('--timeout <ms>', 'connect timeout ceiling; probes get up to 4x', num('--timeout', 10, 60_000))
    .option('--concurrency <n>', 'connections open at once', num('--concurrency', 1, 65_536))
    .option('--retries <n>', 'extra attempts for silent ports', num('--retries', 0, 10))
    .option('--no-ping', 'scan every host, even those that answer no discovery port (nmap -Pn)')
    .option('--no-identify', 'port scan only: no identification probes, no UDP')
    .addOption(new Option('--allow <class>', 'opt in to plugins up to this safety class (S3 = credential attempts)').choices(SAFETY_CLASSES))
    .option('--allow-ot', 'scan OT scope ranges with --profile instead of ot-safe')
    .option('--checks', 'run exposure checks on what was found')
    .option('--credentials', 'let --checks try default credentials (S3; never on ot-safe hosts)')
    .option('--dry-run', 'show what would be sent where, send nothing')
    .option('--json', 'one JSON document on stdout')
    .option('--jsonl', 'NDJSON events on stdout while scanning')
    .action(async (targets: string[], o: ScanFlags) => {
      if (o.json && o.jsonl) throw new MamoriError('E_INPUT_INVALID', 'choose one of --json and --jsonl');
      const { ScanService } = await import('../../services/scan.service.js');
      const svc = new ScanService(await ctx.openStore());
      const req: ScanRequest = {
        targets, allowFiles: true, profile: o.profile, ports: o.ports, ping: o.ping, identify: o.identify,
        ...(o.exclude ? { exclude: o.exclude } : {}), ...(o.excludePorts ? { excludePorts: o.excludePorts } : {}),
        ...(o.rate !== undefined ? { rate: o.rate } : {}), ...(o.timeout !== undefined ? { timeoutMs: o.timeout } : {}),
        ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), ...(o.retries !== undefined ? { retries: o.retries } : {}),
        ...(o.allow ? { allow: o.allow } : {}), ...(o.allowOt ? { allowOt: true } : {}),
      };
      const planned = await svc.plan(req);
      if (o.dryRun) {
        const d = svc.describe(planned);
        if (o.json || o.jsonl) return printJson(ctx.io, d);
        ctx.io.out(`would scan ${d.hosts.length} host(s)${d.skipped.length ? `, skipping ${d.skipped.length} excluded` : ''}; ports ${d.ports}`);
        ctx.io.out(`discovery: ${d.discovery}`);
        ctx.io.out(`tcp: ${d.tcp}`);
        for (const p of d.profiles) ctx.io.out(`profile ${p.name} (${p.hosts} host(s)): ${p.concurrency} at once, ${p.perHost} per host, ${p.ratePerSecond}/s, timeout ${p.connectTimeoutMs.min}-${p.connectTimeoutMs.max} ms, ${p.retries} retries, plugins up to ${p.allowed ?? p.maxSafety}`);
        ctx.io.out(table(['PORT', 'PROBES FIRST (then fallback)'], d.probes.map((x) => [x.port, x.first.join(', ')]), 100));
        ctx.io.out(`fallback: ${d.fallback}`);
        ctx.io.out(table(['HOST', 'PROFILE'], d.hosts.slice(0, 50).map((h) => [h.hostname ? `${h.ip} (${h.hostname})` : h.ip, h.profile])));
        if (d.hosts.length > 50) ctx.io.out(`… and ${d.hosts.length - 50} more`);
        return;
      }
      const ctrl = new AbortController();
      const onSigint = () => {
        ctx.io.err('mamori: stopping the scan (Ctrl-C again to quit at once); keeping what was found');
        ctrl.abort();
        process.removeListener('SIGINT', onSigint);
      };
      process.on('SIGINT', onSigint);
      const bar = progressBar(ctx);
      let result: ScanRunResult;
      try {
        result = await svc.run(planned, {
          signal: ctrl.signal,
          onEvent: (e: ScanEvent) => {
            if (e.type === 'progress') bar.update(e.progress);
            else if (o.jsonl && e.type !== 'refused') ctx.io.out(JSON.stringify(e.type === 'port' ? { type: 'port', ip: e.ip, ...e.result } : { type: 'host', ...e.host, asset: e.asset }));
            else if (e.type === 'refused' && !o.json && !o.jsonl) bar.note(`refused ${e.probe} (${e.safety}) on ${e.ip}: ${e.reason}`);
          },
        });
      } finally {
        bar.stop();
        process.removeListener('SIGINT', onSigint);
      }
      let checks: unknown = null;
      if (o.checks && !result.summary.cancelled) checks = await runScanChecks(ctx, svc, result, planned.plan.hosts.map((h) => ({ ip: h.ip, profile: h.profile.name })), Boolean(o.credentials), ctrl.signal);
      if (result.summary.cancelled) ctx.exitCode = 130;
      if (o.jsonl) {
        for (const c of result.changes) ctx.io.out(JSON.stringify({ type: 'change', ...c }));
        ctx.io.out(JSON.stringify({ type: 'summary', id: result.id, ...result.summary, ingest: result.ingest, ...(checks ? { checks } : {}) }));
        return;
      }
      if (o.json) return printJson(ctx.io, { id: result.id, summary: result.summary, ingest: result.ingest, changes: result.changes, hosts: result.hosts, ...(checks ? { checks } : {}) });
      printHuman(ctx, result);
      if (checks) ctx.io.out(`checks: ${JSON.stringify(checks)}`);
    });
}

function printHuman(ctx: CliContext, r: ScanRunResult): void {
  const rows = r.hosts.flatMap((h) => h.ports.map((p) => [
    h.hostname ? `${h.ip} (${h.hostname})` : h.ip, `${p.port}/${p.transport}`, p.service ?? '?', [p.product, p.version].filter(Boolean).join(' '),
    [p.device?.vendor, p.device?.model, p.device?.firmware?.version].filter(Boolean).join(' '),
  ]));
  if (rows.length) ctx.io.out(table(['HOST', 'PORT', 'SERVICE', 'PRODUCT', 'DEVICE'], rows, 50));
  else ctx.io.out('no open ports found');
  if (r.changes.length) {
    ctx.io.out('');
    ctx.io.out(table(['CHANGE', 'HOST', 'PORT', 'BEFORE', 'AFTER'], r.changes.map((c) => [c.kind, c.ip, c.port !== undefined ? `${c.port}/${c.transport}` : '', c.before ?? '', c.after ?? ''])));
  }
  const s = r.summary;
  ctx.io.out(`\nscan ${r.id}: ${s.hosts} host(s), ${s.alive} up, ${s.openPorts} open port(s), ${s.identified} identified, ${s.connections} connections in ${(s.elapsedMs / 1000).toFixed(1)} s` +
    `; inventory: ${r.ingest.created} new, ${r.ingest.updated} updated${s.cancelled ? ' — CANCELLED, partial results kept' : ''}`);
}

async function runScanChecks(ctx: CliContext, svc: ScanService, r: ScanRunResult, profiles: { ip: string; profile: string }[], credentials: boolean, signal: AbortSignal) {
  // Loaded only when asked for: the checks and their data files are not a plain scan's business.
  const { runChecks } = await import('../../checks/runner.js');
  const { checkOptionsFromHome } = await import('../../checks/options.js');
  const { InventoryService } = await import('../../services/inventory.service.js');
  const inv = new InventoryService(svc.store);
  const byProfile = new Map<string, string[]>();
  for (const h of r.hosts) {
    if (!h.ports.length) continue;
    const p = profiles.find((x) => x.ip === h.ip)?.profile ?? 'normal';
    byProfile.set(p, [...(byProfile.get(p) ?? []), h.ip]);
  }
  const totals = { opened: 0, reopened: 0, fixed: 0, updated: 0 };
  for (const [profile, ips] of byProfile) {
    const assets = (await Promise.all(ips.map((ip) => inv.get(ip)))).filter((a): a is NonNullable<typeof a> => a !== null);
    const rep = await runChecks(svc.store, assets, { profile: profile as ProfileName, credentials, signal, options: checkOptionsFromHome(ctx.config.home), source: `scan ${r.id}` });
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += Number((rep.findings as unknown as Record<string, number>)[k] ?? 0);
  }
  return { findings: totals };
}

function progressBar(ctx: CliContext) {
  if (!ctx.io.interactive) return { update: (_p: ScanProgress) => undefined, note: (m: string) => ctx.io.err(m), stop: () => undefined };
  const bar = new cliProgress.SingleBar({
    format: 'scan [{bar}] {percentage}% | hosts {hostsDone}/{hostsTotal} | ports {value}/{total} | open {open} | {rate} conn/s',
    stream: process.stderr, hideCursor: true,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(p: ScanProgress) {
      if (!started) {
        bar.start(Math.max(1, p.portsTotal), 0, { hostsDone: 0, hostsTotal: p.hostsTotal, open: 0, rate: 0 });
        started = true;
      }
      bar.update(Math.min(p.portsDone, p.portsTotal), { hostsDone: p.hostsDone, hostsTotal: p.hostsTotal, open: p.open, rate: p.rate });
    },
    note: (m: string) => ctx.io.err(m),
    stop: () => started && bar.stop(),
  };
}
