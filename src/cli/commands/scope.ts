// `mamori scope add|rm|list`: the ranges mamori may scan (and the OT ones among them, scanned ot-safe)
// and the exclusions it must never touch. `mamori scan` refuses any target outside the scope.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { printJson, table } from '../output.js';

export function registerScope(program: Command, ctx: CliContext): void {
  const cmd = program.command('scope').description('the authorized scan scope: included ranges (OT or not) and exclusions');
  const service = async () => {
    const { ScanService } = await import('../../services/scan.service.js');
    return new ScanService(await ctx.openStore());
  };
  cmd
    .command('add <specs...>')
    .description('authorize CIDRs, ranges (a.b.c.d-e), addresses or host names; --exclude to forbid them instead')
    .option('--exclude', 'never scan these (fragile devices, other people\'s networks)')
    .option('--ot', 'an OT range: scanned with the ot-safe profile unless a scan says --allow-ot')
    .option('--note <text>', 'why this entry exists')
    .option('--json')
    .action(async (specs: string[], o: { exclude?: boolean; ot?: boolean; note?: string; json?: boolean }) => {
      const svc = await service();
      const rows = [];
      for (const spec of specs.flatMap((s) => s.split(',')).filter(Boolean)) {
        rows.push(await svc.addScope({ kind: o.exclude ? 'exclude' : 'include', spec, ot: Boolean(o.ot), note: o.note ?? null }));
      }
      if (o.json) return printJson(ctx.io, rows);
      for (const r of rows) ctx.io.out(`${r.kind === 'include' ? 'included' : 'excluded'} ${r.spec}${r.ot ? ' (OT)' : ''} [#${r.id}]`);
    });
  cmd
    .command('rm <refs...>')
    .description('remove entries by spec or #id (rm 10.0.0.0/24, rm 3)')
    .option('--exclude', 'only the exclusion with this spec')
    .option('--include', 'only the inclusion with this spec')
    .action(async (refs: string[], o: { exclude?: boolean; include?: boolean }) => {
      const svc = await service();
      for (const ref of refs) {
        const removed = await svc.removeScope(ref.replace(/^#/, ''), o.exclude ? 'exclude' : o.include ? 'include' : undefined);
        for (const r of removed) ctx.io.out(`removed ${r.kind} ${r.spec} [#${r.id}]`);
      }
    });
  cmd
    .command('list')
    .description('every scope entry')
    .option('--json')
    .action(async (o: { json?: boolean }) => {
      const rows = await (await service()).listScope();
      if (o.json) return printJson(ctx.io, rows);
      if (!rows.length) return ctx.io.out('the scope is empty: nothing may be scanned (mamori scope add CIDR)');
      ctx.io.out(table(['ID', 'KIND', 'SPEC', 'OT', 'NOTE'], rows.map((r) => [r.id, r.kind, r.spec, r.ot ? 'yes' : '', r.note ?? ''])));
    });
}
