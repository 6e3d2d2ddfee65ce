// `mamori affected ID [--json]`: which assets does a CVE, an advisory (ICSA-…, JVNDB-…, VDE-…) concern —
// grouped by verdict and team (asset owner, else IT/OT class), each line with its evidence.
// The --json array is a contract read by other tools (docs/advisories.md): keep its fields stable.
import type { Command } from 'commander';
import type { MatchView } from '../../services/advisories.service.js';
import type { CliContext } from '../context.js';
import type { CliIo } from '../context.js';
import { printJson } from '../output.js';

const VERDICT_ORDER = ['affected', 'unknown', 'fixed', 'not-affected'] as const;

/** The stable machine form: one object per (asset, advisory, CVE). */
export function matchJson(m: MatchView) {
  return {
    asset: { id: m.asset.id, name: m.asset.name, hostnames: m.asset.hostnames, ips: m.asset.ips, class: m.asset.class, zone: m.asset.zone, owner: m.asset.owner },
    advisory: { id: m.advisory.id, format: m.advisory.format, title: m.advisory.title },
    cve: m.cve,
    verdict: m.verdict,
    confidence: m.confidence,
    reasons: m.reasons,
    evidence: m.evidence,
    priority: m.priority,
    priorityReasons: m.priorityReasons,
    kev: m.kev,
    team: m.team,
    decision: m.decision,
    firstSeen: m.firstSeen,
    changedAt: m.changedAt,
  };
}

export function printGrouped(io: CliIo, matches: readonly MatchView[], opts: { showAdvisory?: boolean } = {}): void {
  for (const verdict of VERDICT_ORDER) {
    const list = matches.filter((m) => m.verdict === verdict);
    if (!list.length) continue;
    io.out(`\n${verdict.toUpperCase()} (${list.length})`);
    const teams = [...new Set(list.map((m) => m.team))].sort();
    for (const team of teams) {
      const rows = list.filter((m) => m.team === team);
      io.out(`  ${team} (${rows.length})`);
      for (const m of rows) {
        const who = m.asset.name ?? m.asset.hostnames[0] ?? m.asset.ips[0] ?? m.asset.id;
        const addr = m.asset.ips[0] ?? '';
        const what = [opts.showAdvisory || !m.cve ? m.advisory.id : null, m.cve !== m.advisory.id ? m.cve : null].filter(Boolean).join(' ');
        const flags = [m.kev ? `KEV${m.kev.knownRansomware ? '+ransomware' : ''}` : null, m.decision ? `${m.decision.applies ? 'marked' : 'was marked'} ${m.decision.decision} by ${m.decision.by}: ${m.decision.reason}` : null].filter(Boolean).join('; ');
        io.out(`    ${who}  ${addr}  ${what}  priority ${m.priority}  ${m.confidence}${flags ? `  [${flags}]` : ''}`);
        for (const r of m.reasons) io.out(`      ${r}`);
      }
    }
  }
}

export const registerAffected = (program: Command, ctx: CliContext): void => {
  program
    .command('affected <id>')
    .description('assets concerned by a CVE or an advisory (ICSA-…, JVNDB-…), grouped by verdict and team, with evidence')
    .option('--json', 'one object per (asset, advisory, CVE): asset{id,hostnames,ips}, advisory{id}, cve, verdict, reasons, ...')
    .action(async (id: string, o: { json?: boolean }) => {
      const { AdvisoriesService } = await import('../../services/advisories.service.js');
      const svc = new AdvisoriesService(await ctx.openStore());
      const r = await svc.affected(id);
      if (o.json) return printJson(ctx.io, r.matches.map(matchJson));
      for (const a of r.advisories) ctx.io.out(`${a.id}  ${a.title}  (${a.format}${a.revision ? `, revision ${a.revision}` : ''}, fetched ${a.fetchedAt})`);
      if (!r.matches.length) return ctx.io.out('\nno asset in the inventory matches');
      const count = (v: string) => new Set(r.matches.filter((m) => m.verdict === v).map((m) => m.asset.id)).size;
      ctx.io.out(`assets: ${count('affected')} affected, ${count('unknown')} unknown, ${count('fixed')} fixed, ${count('not-affected')} not affected`);
      printGrouped(ctx.io, r.matches, { showAdvisory: r.advisories.length > 1 });
    });
};
