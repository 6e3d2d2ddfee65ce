// `mamori vulns [--asset X] [--kev] [--zone Z] [--new] [--all] [--json]`: open advisory matches, highest
// priority first; `mamori vulns mark ASSET VULN --decision mitigated --reason "…"` records a VEX-style decision.
import { Command, Option } from 'commander';
import { DECISIONS, type Decision } from '../../core/vocabulary.js';
import type { CliContext } from '../context.js';
import { printJson } from '../output.js';
import { matchJson, printGrouped } from './affected.js';
import { MamoriError } from '../../core/errors.js';

export const registerVulns = (program: Command, ctx: CliContext): void => {
  const vulns = program
    .command('vulns')
    .description('open vulnerabilities (affected and unknown), highest priority first')
    .option('--asset <ref>', 'one asset (id, IP or host name)')
    .option('--kev', 'only CVEs in the CISA KEV catalog')
    .option('--zone <zone>', 'only assets in this zone')
    .option('--new', 'only new or changed since the previous feed import')
    .option('--all', 'include fixed, not-affected and user-decided matches')
    .option('--json', 'same objects as `mamori affected --json`')
    .action(async (o: { asset?: string; kev?: boolean; zone?: string; new?: boolean; all?: boolean; json?: boolean }) => {
      const store = await ctx.openStore();
      const [{ InventoryService }, { AdvisoriesService }] = await Promise.all([import('../../services/inventory.service.js'), import('../../services/advisories.service.js')]);
      const inv = new InventoryService(store);
      const svc = new AdvisoriesService(store);
      const r = await svc.vulns({
        ...(o.asset ? { asset: o.asset } : {}), ...(o.zone ? { zone: o.zone } : {}), kev: !!o.kev, newOnly: !!o.new, all: !!o.all,
        resolveAsset: async (ref) => (await inv.get(ref))?.id ?? null,
      });
      if (o.json) return printJson(ctx.io, r.matches.map(matchJson));
      if (o.new) ctx.io.out(r.since ? `new or changed since ${r.since}` : 'new since the first import');
      if (!r.matches.length) return ctx.io.out('no open vulnerabilities match');
      ctx.io.out(`${r.matches.length} match(es) on ${new Set(r.matches.map((m) => m.asset.id)).size} asset(s)`);
      printGrouped(ctx.io, r.matches, { showAdvisory: true });
    });
  vulns
    .command('mark <asset> <vuln>')
    .description('record a decision on one asset × vulnerability (CVE or advisory id); it survives re-syncs while the verdict stays the same')
    .addOption(new Option('--decision <decision>').choices([...DECISIONS]).makeOptionMandatory())
    .requiredOption('--reason <text>', 'why (shown next to the match)')
    .option('--by <name>', 'who decided', process.env.USER ?? 'cli')
    .action(async (assetRef: string, vuln: string, o: { decision: Decision; reason: string; by: string }) => {
      const store = await ctx.openStore();
      const [{ InventoryService }, { AdvisoriesService }] = await Promise.all([import('../../services/inventory.service.js'), import('../../services/advisories.service.js')]);
      const asset = await new InventoryService(store).get(assetRef);
      if (!asset) throw new MamoriError('E_NOT_FOUND', `no asset ${assetRef}`);
      await new AdvisoriesService(store).decide(asset.id, vuln, o.decision, o.reason, o.by);
      ctx.io.out(`marked ${vuln} on ${asset.name ?? asset.id} as ${o.decision}`);
    });
};
