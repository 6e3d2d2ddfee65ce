// `mamori campaigns list|run NAME`: "WannaCry is in the news — which of our devices could it get into,
// which look infected?" Campaigns are data (src/campaigns/data, MAMORI_HOME/campaigns).
import { Option, type Command } from 'commander';
import { join } from 'node:path';
import type { Profile } from '../../checks/runner.js';
import type { CliContext } from '../context.js';
import { printJson, table } from '../output.js';
import { intOption, profileOption, resolveTargets } from './checks.js';

export function registerCampaigns(program: Command, ctx: CliContext): void {
  const userDir = () => join(ctx.config.home, 'campaigns');
  const cmd = program.command('campaigns').description('threat campaigns (WannaCry, Mirai, Satori, Shamoon, yours): which assets are infected, exploitable, exposed');
  cmd
    .command('list')
    .description('built-in campaigns and those in MAMORI_HOME/campaigns')
    .option('--json')
    .action(async (o) => {
      const { loadCampaigns } = await import('../../campaigns/campaign-loader.js');
      const all = loadCampaigns(userDir());
      if (o.json) return printJson(ctx.io, all.map((c) => ({ ...c.campaign, origin: c.origin, file: c.file })));
      ctx.io.out(table(['ID', 'ORIGIN', 'CHECKS', 'PORTS', 'TITLE'], all.map((c) => [c.campaign.id, c.origin, c.campaign.checks.join(','), c.campaign.ports.join(','), c.campaign.title.en]), 60));
    });
  cmd
    .command('run <name> [targets...]')
    .description('run the campaign\'s checks and answer one verdict per asset, with evidence')
    .addOption(profileOption())
    .option('--credentials', 'allow S3 credential attempts (Mirai: default passwords); never in ot-safe')
    .option('--credentials-ot', 'also allow credential attempts on OT assets (class ot or an OT zone)')
    .option('--max-attempts <n>', 'credential attempts per service (default 3)', intOption('--max-attempts'))
    .option('--no-checks', 'evaluate stored results only; send nothing')
    .addOption(new Option('--lang <lang>', 'language of titles and summaries').choices(['en', 'ja']).default('en'))
    .option('--json')
    .action(async (name: string, targets: string[], o) => {
      const [{ runCampaign }, { checkOptionsFromHome }, { kevForStore }] = await Promise.all([
        import('../../campaigns/campaigns.service.js'), import('../../checks/options.js'), import('../../findings/kev-default.js'),
      ]);
      const assets = await resolveTargets(ctx, targets);
      const report = await runCampaign(await ctx.openStore(), name, {
        userDir: userDir(),
        assets,
        profile: o.profile as Profile,
        credentials: Boolean(o.credentials),
        credentialsOnOt: Boolean(o.credentialsOt),
        noChecks: o.checks === false,
        lang: o.lang as 'en' | 'ja',
        options: checkOptionsFromHome(ctx.config.home, process.env, o.maxAttempts ? { maxAttempts: o.maxAttempts as number } : {}),
        kev: await kevForStore(await ctx.openStore(), ctx.config.home),
      });
      if (o.json) return printJson(ctx.io, report);
      ctx.io.out(`${report.campaign.title}`);
      for (const line of Object.values(report.summaries)) ctx.io.out(`  ${line}`);
      ctx.io.out(
        table(['VERDICT', 'ASSET', 'ADDRESS', 'CLASS', 'WHY'], report.assets.map((a) => [a.verdict, a.asset.name ?? a.asset.hostnames[0] ?? a.asset.id, a.asset.ips.join(','), a.asset.class ?? '', a.summary]), 70),
      );
    });
}
