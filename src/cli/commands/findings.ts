// `mamori findings list|show|assign|accept|reopen`: the findings lifecycle from the command line.
// `findings list --json` is a contract read by other tools (docs/findings.md).
import type { Command } from 'commander';
import { MamoriError } from '../../core/errors.js';
import { SEVERITIES } from '../../core/vocabulary.js';
import { FINDING_STATUSES, type Finding, type FindingStatus } from '../../findings/finding.js';
import type { CliContext } from '../context.js';
import { printJson, table } from '../output.js';

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
export const actor = (o: { by?: string }): string => o.by ?? process.env.MAMORI_USER ?? process.env.USER ?? 'cli';

function parseStatuses(v: string[] | undefined): FindingStatus[] | undefined {
  if (!v) return undefined;
  for (const s of v) {
    if (!(FINDING_STATUSES as readonly string[]).includes(s)) throw new MamoriError('E_INPUT_INVALID', `--status must be one of ${FINDING_STATUSES.join(', ')}, got ${JSON.stringify(s)}`);
  }
  return v as FindingStatus[];
}

export const where = (f: Pick<Finding, 'asset' | 'service'>): string =>
  `${f.asset.name ?? f.asset.hostnames[0] ?? f.asset.ips[0] ?? f.asset.id}${f.service ? ` ${f.service.transport}/${f.service.port}` : ''}`;

export function registerFindings(program: Command, ctx: CliContext): void {
  const service = async () => {
    const store = await ctx.openStore();
    const [{ FindingsService }, { kevForStore }] = await Promise.all([import('../../services/findings.service.js'), import('../../findings/kev-default.js')]);
    return new FindingsService(store, { kev: await kevForStore(store, ctx.config.home) });
  };
  const findings = program.command('findings').description('exposure findings: list, show, assign to a team, accept a risk, reopen');

  findings
    .command('list')
    .description('findings (default: open, reopened and accepted; --all adds fixed)')
    .option('--status <list>', `comma-separated: ${FINDING_STATUSES.join(',')}`, list)
    .option('--all', 'include fixed findings')
    .option('--severity <list>', `comma-separated: ${SEVERITIES.join(',')}`, list)
    .option('--asset <ref>', 'asset id, IP or host name')
    .option('--check <id>', 'one check id')
    .option('--team <team>', 'IT or OT')
    .option('--json', 'print a JSON array (stable fields, see docs/findings.md)')
    .action(async (o) => {
      const svc = await service();
      let assetId: string | undefined;
      if (o.asset) {
        const { InventoryService } = await import('../../services/inventory.service.js');
        const a = await new InventoryService(await ctx.openStore()).get(String(o.asset));
        if (!a) throw new MamoriError('E_NOT_FOUND', `no asset ${JSON.stringify(o.asset)}`);
        assetId = a.id;
      }
      const status = parseStatuses(o.status) ?? (o.all ? undefined : (['open', 'reopened', 'accepted'] as FindingStatus[]));
      for (const s of (o.severity as string[] | undefined) ?? []) {
        if (!(SEVERITIES as readonly string[]).includes(s)) throw new MamoriError('E_INPUT_INVALID', `--severity must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(s)}`);
      }
      const rows = await svc.list({
        ...(status ? { status } : {}),
        ...(o.severity ? { severity: o.severity as string[] } : {}),
        ...(assetId ? { assetId } : {}),
        ...(o.check ? { checkId: String(o.check) } : {}),
        ...(o.team ? { team: String(o.team).toUpperCase() } : {}),
      });
      if (o.json) return printJson(ctx.io, rows);
      if (!rows.length) return ctx.io.out('no findings');
      ctx.io.out(
        table(
          ['ID', 'SEVERITY', 'STATUS', 'VERDICT', 'ASSET', 'CHECK', 'TEAM', 'DUE', 'SUMMARY'],
          rows.map((f) => [f.id, f.severity, f.status, f.verdict, where(f), f.check.id, f.team ?? '', f.dueAt ?? '', f.summary]),
          48,
        ),
      );
    });

  findings
    .command('show <id>')
    .description('one finding with its evidence and audit trail (id or a unique prefix)')
    .option('--json')
    .action(async (id: string, o) => {
      const { finding: f, events } = await (await service()).get(id);
      if (o.json) return printJson(ctx.io, { ...f, events });
      const lines = [
        `${f.id}  ${f.severity.toUpperCase()}  ${f.status}  ${f.verdict}${f.confidence ? ` (${f.confidence})` : ''}`,
        `${f.title}`,
        `asset:     ${where(f)} (${f.asset.id}; ${[...f.asset.ips, ...f.asset.hostnames].join(', ')})`,
        `check:     ${f.check.id}${f.discriminator ? ` [${f.discriminator}]` : ''}`,
        `summary:   ${f.summary}`,
        `team:      ${f.team ?? '-'}${f.assignee ? ` (${f.assignee})` : ''}   due: ${f.dueAt ?? '-'}${f.dueSource ? ` (${f.dueSource})` : ''}`,
        `seen:      ${f.firstSeen} … ${f.lastSeen}${f.fixedAt ? `   fixed: ${f.fixedAt}` : ''}`,
      ];
      if (f.acceptance) lines.push(`accepted:  ${f.acceptance.control} — approved by ${f.acceptance.approver}, until ${f.acceptance.expiresAt}`);
      if (f.references.length) lines.push(`refs:      ${f.references.join(' ')}`);
      if (f.evidence.length) lines.push('evidence:', ...f.evidence.map((e) => `  ${e.label}: ${e.excerpt}`));
      if (f.transcript.length) lines.push('transcript:', ...f.transcript.map((t) => `  ${t.dir === 'sent' ? '>' : '<'} ${t.excerpt}`));
      lines.push('history:', ...events.map((e) => `  ${e.at}  ${e.type}${e.fromStatus || e.toStatus ? ` ${e.fromStatus ?? '-'} → ${e.toStatus ?? '-'}` : ''}  by ${e.actor}`));
      ctx.io.out(lines.join('\n'));
    });

  findings
    .command('assign <id>')
    .description('assign to a team with a due date (default: the CISA KEV due date when one applies, else by severity)')
    .requiredOption('--team <team>', 'IT or OT')
    .option('--assignee <name>')
    .option('--due <date>', 'YYYY-MM-DD (overrides KEV/severity)')
    .option('--by <name>', 'who does this (audit trail)')
    .option('--json')
    .action(async (id: string, o) => {
      const f = await (await service()).assign(id, { team: String(o.team).toUpperCase(), assignee: o.assignee ?? null, due: o.due ?? null, actor: actor(o) });
      if (o.json) return printJson(ctx.io, f);
      ctx.io.out(`${f.id} assigned to ${f.team}${f.assignee ? ` (${f.assignee})` : ''}, due ${f.dueAt} (${f.dueSource})`);
    });

  findings
    .command('accept <id>')
    .description('accept the risk with a compensating control, an approver and an expiry (e.g. an OT device that cannot be patched)')
    .requiredOption('--control <text>', 'the compensating control that holds')
    .requiredOption('--approver <name>')
    .requiredOption('--expires <date>', 'YYYY-MM-DD; the finding reopens after it')
    .option('--reason <text>')
    .option('--by <name>', 'who does this (audit trail)')
    .option('--json')
    .action(async (id: string, o) => {
      const f = await (await service()).accept(id, { control: o.control, approver: o.approver, expiresAt: o.expires, reason: o.reason ?? null, actor: actor(o) });
      if (o.json) return printJson(ctx.io, f);
      ctx.io.out(`${f.id} accepted until ${f.acceptance?.expiresAt} (approver ${f.acceptance?.approver})`);
    });

  findings
    .command('reopen <id>')
    .description('reopen a fixed or accepted finding')
    .option('--reason <text>')
    .option('--by <name>', 'who does this (audit trail)')
    .option('--json')
    .action(async (id: string, o) => {
      const f = await (await service()).reopen(id, { reason: o.reason ?? null, actor: actor(o) });
      if (o.json) return printJson(ctx.io, f);
      ctx.io.out(`${f.id} reopened`);
    });
}
