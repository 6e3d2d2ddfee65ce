// `mamori checks list|run [TARGET...]`: exposure checks over the inventory (also run by `scan --checks`
// and `campaigns run`). S3 credential checks need --credentials; the ot-safe profile never runs them.
import { Option, type Command } from 'commander';
import { MamoriError } from '../../core/errors.js';
import type { Asset } from '../../core/asset.js';
import type { Profile } from '../../checks/runner.js';
import type { CliContext } from '../context.js';
import { printJson, table } from '../output.js';

export const profileOption = () => new Option('--profile <profile>', 'ot-safe runs S0-S2 only').choices(['ot-safe', 'normal', 'fast']).default('ot-safe');

export const intOption = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new MamoriError('E_INPUT_INVALID', `${name} must be an integer 1-20, got ${JSON.stringify(v)}`);
  return n;
};

/** Assets named on the command line (id, IP or host name), or the whole inventory. */
export async function resolveTargets(ctx: CliContext, refs: string[]): Promise<Asset[]> {
  const store = await ctx.openStore();
  if (!refs.length) return (await import('../../db/repos/assets.repo.js')).listAssets(store.db, {});
  const { InventoryService } = await import('../../services/inventory.service.js');
  const inv = new InventoryService(store);
  const out: Asset[] = [];
  for (const ref of refs) {
    const a = await inv.get(ref);
    if (!a) throw new MamoriError('E_NOT_FOUND', `no asset ${JSON.stringify(ref)} in the inventory (add it or scan it first)`);
    out.push(a);
  }
  return out;
}

export function registerChecks(program: Command, ctx: CliContext): void {
  const cmd = program.command('checks').description('exposure checks: list them, run them over the inventory');
  cmd
    .command('list')
    .description('every check with its safety class, severity and services')
    .option('--json')
    .action(async (o) => {
      const { checks } = await import('../../checks/index.js');
      const rows = checks.map((c) => ({ id: c.id, title: c.title, safety: c.safety, severity: c.severity, services: c.services, tags: c.tags, references: c.references, description: c.description, remediation: c.remediation }));
      if (o.json) return printJson(ctx.io, rows);
      ctx.io.out(table(['ID', 'SAFETY', 'SEVERITY', 'SERVICES', 'TITLE'], rows.map((r) => [r.id, r.safety, r.severity, r.services.join(',') || '(asset)', r.title.en]), 60));
    });
  cmd
    .command('run [targets...]')
    .description('run checks on assets (id, IP or host name; default: all) and update findings')
    .addOption(profileOption())
    .option('--credentials', 'allow S3 credential attempts (default-credentials); never in ot-safe')
    .option('--check <id...>', 'only these checks')
    .option('--credentials-ot', 'also allow credential attempts on OT assets (class ot or an OT zone)')
    .option('--max-attempts <n>', 'credential attempts per service (default 3)', intOption('--max-attempts'))
    .option('--json')
    .action(async (targets: string[], o) => {
      const [{ checks }, { runChecks }, { checkOptionsFromHome }, { kevForStore }] = await Promise.all([
        import('../../checks/index.js'), import('../../checks/runner.js'), import('../../checks/options.js'), import('../../findings/kev-default.js'),
      ]);
      for (const id of (o.check as string[] | undefined) ?? []) if (!checks.some((c) => c.id === id)) throw new MamoriError('E_INPUT_INVALID', `unknown check ${JSON.stringify(id)}`);
      if (o.credentials && o.profile === 'ot-safe') ctx.io.err('mamori: --credentials has no effect with --profile ot-safe (S3 checks never run there); use --profile normal');
      const assets = await resolveTargets(ctx, targets);
      const r = await runChecks(await ctx.openStore(), assets, {
        profile: o.profile as Profile,
        credentials: Boolean(o.credentials),
        credentialsOnOt: Boolean(o.credentialsOt),
        ...(o.check ? { checkIds: o.check as string[] } : {}),
        options: checkOptionsFromHome(ctx.config.home, process.env, o.maxAttempts ? { maxAttempts: o.maxAttempts as number } : {}),
        kev: await kevForStore(await ctx.openStore(), ctx.config.home),
        source: 'checks run',
      });
      const outcomes = r.outcomes.map((x) => ({
        check: x.checkId,
        asset: { id: x.asset.id, name: x.asset.name, ips: x.asset.ips, hostnames: x.asset.hostnames },
        service: x.service ? { transport: x.service.transport, port: x.service.port } : null,
        verdict: x.result.verdict,
        ...(x.result.verdict === 'unknown' ? { reason: x.result.reason } : { summary: x.result.summary ?? '' }),
      }));
      if (o.json) return printJson(ctx.io, { runId: r.runId, findings: r.findings, results: outcomes });
      ctx.io.out(
        table(['CHECK', 'ASSET', 'SERVICE', 'VERDICT', 'DETAIL'], outcomes.map((x) => [x.check, x.asset.name ?? x.asset.ips[0] ?? x.asset.id, x.service ? `${x.service.transport}/${x.service.port}` : '-', x.verdict, 'reason' in x ? x.reason : x.summary]), 60),
      );
      ctx.io.out(`findings: ${r.findings.opened} opened, ${r.findings.reopened} reopened, ${r.findings.fixed} fixed, ${r.findings.updated} updated`);
    });
}
