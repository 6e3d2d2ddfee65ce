// `mamori zones list|add|rm` and `mamori sites list|add`: where devices live. A zone's kind (IT/OT/DMZ)
// decides defaults such as the ot-safe scan profile and the unnecessary-port policy.
import { Command, Option } from 'commander';
import { MamoriError } from '../../core/errors.js';
import { ZONE_KINDS } from '../../core/vocabulary.js';
import type { CliContext } from '../context.js';
import { printJson, table } from '../output.js';

const zonesRepo = () => import('../../db/repos/zones.repo.js');

export function registerZones(program: Command, ctx: CliContext): void {
  const zones = program.command('zones').description('network zones (IT, OT, DMZ) with Purdue levels');
  zones.command('list').option('--json').action(async (o) => {
    const z = await (await zonesRepo()).listZones((await ctx.openStore()).db);
    if (o.json) return printJson(ctx.io, z);
    ctx.io.out(table(['ZONE', 'KIND', 'PURDUE', 'SITE', 'CIDRS', 'DESCRIPTION'], z.map((x) => [x.name, x.kind, x.purdueLevel, x.site, x.cidrs.join(' '), x.description])));
  });
  zones.command('add <name>').description('add or update a zone')
    .addOption(new Option('--kind <kind>').choices([...ZONE_KINDS]).makeOptionMandatory())
    .option('--purdue <level>', 'Purdue level 0-5 (3.5 for an IT/OT DMZ)', (v) => {
      const n = Number(v);
      if (Number.isNaN(n) || n < 0 || n > 5) throw new MamoriError('E_INPUT_INVALID', `--purdue must be 0-5, got ${JSON.stringify(v)}`);
      return n;
    })
    .option('--site <site>')
    .option('--cidr <cidr...>', 'address ranges of the zone')
    .option('--description <text>')
    .action(async (name: string, o) => {
      await (await zonesRepo()).upsertZone((await ctx.openStore()).db, {
        name, kind: o.kind, purdueLevel: o.purdue ?? null, site: o.site ?? null, cidrs: o.cidr ?? [], description: o.description ?? null,
      });
      ctx.io.out(`zone ${name} (${o.kind}) saved`);
    });
  zones.command('rm <name>').action(async (name: string) => {
    if (!(await (await zonesRepo()).removeZone((await ctx.openStore()).db, name))) throw new MamoriError('E_NOT_FOUND', `no zone ${JSON.stringify(name)}`);
    ctx.io.out(`zone ${name} removed`);
  });

  const sites = program.command('sites').description('sites (offices, plants)');
  sites.command('list').option('--json').action(async (o) => {
    const s = await (await zonesRepo()).listSites((await ctx.openStore()).db);
    if (o.json) return printJson(ctx.io, s);
    ctx.io.out(table(['SITE', 'DESCRIPTION'], s.map((x) => [x.name, x.description])));
  });
  sites.command('add <name>').option('--description <text>').action(async (name: string, o) => {
    await (await zonesRepo()).upsertSite((await ctx.openStore()).db, { name, description: o.description ?? null });
    ctx.io.out(`site ${name} saved`);
  });
}
