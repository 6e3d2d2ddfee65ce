// `mamori assets list|show|add|edit|rm|import|export|history`: the inventory from the command line.
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { displayName, type Asset, type AssetInput } from '../../core/asset.js';
import { MamoriError, formatProblem } from '../../core/errors.js';
import { ASSET_CLASSES } from '../../core/vocabulary.js';
import type { AssetFilter } from '../../db/repos/assets.repo.js';
import type { ImportReport } from '../../services/import.service.js';
import { writeRaw, type CliContext } from '../context.js';
import { printJson, table } from '../output.js';
import { progress } from '../progress.js';

const intArg = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new MamoriError('E_INPUT_INVALID', `${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
};

function filterOptions(cmd: Command): Command {
  return cmd
    .option('-q, --search <text>', 'words that must all appear (name, address, vendor, model, OS, zone...)')
    .addOption(new Option('--class <class>', 'it|ot|iot|miner').choices([...ASSET_CLASSES]))
    .option('--kind <kind>', 'plc, hmi, camera, router, workstation, rig...')
    .option('--zone <zone>')
    .option('--site <site>')
    .option('--vendor <text>', 'vendor contains')
    .option('--owner <team>')
    .option('--ip <address>')
    .option('--port <port>', 'exposes this port', intArg('--port'))
    .option('--service <name>', 'exposes this service (ssh, modbus, smb...)');
}

function toFilter(o: Record<string, unknown>): AssetFilter {
  return {
    ...(o.search ? { q: String(o.search) } : {}), ...(o.class ? { class: String(o.class) } : {}), ...(o.kind ? { kind: String(o.kind) } : {}),
    ...(o.zone ? { zone: String(o.zone) } : {}), ...(o.site ? { site: String(o.site) } : {}), ...(o.vendor ? { vendor: String(o.vendor) } : {}),
    ...(o.owner ? { owner: String(o.owner) } : {}), ...(o.ip ? { ip: String(o.ip) } : {}), ...(o.port !== undefined ? { port: o.port as number } : {}),
    ...(o.service ? { service: String(o.service) } : {}),
  };
}

function assetFields(cmd: Command): Command {
  return cmd
    .option('--name <name>')
    .option('--ip <address...>', 'IP addresses')
    .option('--mac <address...>', 'MAC addresses')
    .option('--hostname <name...>', 'host names')
    .addOption(new Option('--class <class>').choices([...ASSET_CLASSES]))
    .option('--kind <kind>')
    .option('--vendor <vendor>')
    .option('--model <model>')
    .option('--serial <serial>')
    .option('--os <name>')
    .option('--os-version <version>')
    .option('--firmware <version>', 'firmware version')
    .option('--firmware-name <name>')
    .option('--cpe <cpe...>', 'CPE 2.3 names')
    .option('--site <site>')
    .option('--zone <zone>')
    .option('--owner <team>', 'IT, OT or a named team')
    .option('--criticality <1-5>', 'business criticality', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 5) throw new MamoriError('E_INPUT_INVALID', `--criticality must be 1-5, got ${JSON.stringify(v)}`);
      return n;
    })
    .option('--tag <tag...>')
    .option('--notes <text>')
    .option('--asset-id <key>', 'your own asset tag / CMDB id (import key)');
}

function toInput(o: Record<string, unknown>): AssetInput {
  const s = (k: string) => (o[k] === undefined ? undefined : String(o[k]));
  const input: AssetInput = {};
  if (o.name !== undefined) input.name = s('name');
  if (o.ip) input.ips = o.ip as string[];
  if (o.mac) input.macs = o.mac as string[];
  if (o.hostname) input.hostnames = o.hostname as string[];
  if (o.class) input.class = o.class as Asset['class'];
  for (const k of ['kind', 'vendor', 'model', 'serial', 'site', 'zone', 'owner', 'notes'] as const) if (o[k] !== undefined) input[k] = s(k);
  if (o.assetId) input.externalId = s('assetId');
  if (o.os || o.osVersion) input.os = { ...(o.os ? { name: s('os') } : {}), ...(o.osVersion ? { version: s('osVersion') } : {}) };
  if (o.firmware || o.firmwareName) input.firmware = { ...(o.firmwareName ? { name: s('firmwareName') } : {}), ...(o.firmware ? { version: s('firmware') } : {}) };
  if (o.cpe) input.cpes = o.cpe as string[];
  if (o.tag) input.tags = o.tag as string[];
  if (o.criticality !== undefined) input.criticality = o.criticality as number;
  return input;
}

const sw = (x: { name: string | null; version: string | null } | null) => (x ? [x.name, x.version].filter(Boolean).join(' ') : '');

function assetRow(a: Asset) {
  return [a.id, displayName(a), a.ips.join(','), a.class ?? '', a.kind ?? '', [a.vendor, a.model].filter(Boolean).join(' '), sw(a.os) || sw(a.firmware), a.zone ?? '', a.services.map((s) => s.port).join(',')];
}

export function registerAssets(program: Command, ctx: CliContext): void {
  const assets = program.command('assets').description('the device inventory: list, show, add, edit, remove, import, export, history');
  const inv = async () => {
    const { InventoryService } = await import('../../services/inventory.service.js');
    return new InventoryService(await ctx.openStore());
  };

  filterOptions(assets.command('list').description('list assets (with their services in --json)'))
    .option('--json', 'print a JSON array of assets with services (stable fields, see docs/inventory.md)')
    .addOption(new Option('--sort <field>').choices(['name', 'ip', 'class', 'kind', 'vendor', 'zone', 'site', 'lastSeen', 'criticality']).default('name'))
    .option('--limit <n>', 'at most n assets', intArg('--limit'))
    .action(async (o) => {
      const svc = await inv();
      const filter = { ...toFilter(o), sort: o.sort } as AssetFilter;
      if (o.json) {
        // Pages, so a million-device inventory streams instead of building one huge string.
        const page = 5000;
        const max = o.limit ?? Infinity;
        let first = true;
        const w = (t: string) => writeRaw(ctx.io, t);
        w('[');
        for (let offset = 0; offset < max; offset += page) {
          const items = await svc.list({ ...filter, limit: Math.min(page, max - offset), offset });
          for (const a of items) {
            w(`${first ? '\n' : ',\n'}${JSON.stringify(a)}`);
            first = false;
          }
          if (items.length < page) break;
        }
        w(first ? ']\n' : '\n]\n');
        return;
      }
      const total = await svc.count(filter);
      const items = await svc.list({ ...filter, limit: o.limit ?? 200 });
      ctx.io.out(table(['ID', 'NAME', 'IP', 'CLASS', 'KIND', 'VENDOR/MODEL', 'OS/FIRMWARE', 'ZONE', 'PORTS'], items.map(assetRow), 32));
      ctx.io.err(`${items.length} of ${total} asset(s)${items.length < total ? ' (use --limit or filters)' : ''}`);
    });

  assets.command('show <ref>').description('one asset: identity, services, provenance, recent changes (ref = id, IP, MAC or host name)')
    .option('--json')
    .action(async (ref: string, o) => {
      const svc = await inv();
      const a = await svc.require(ref);
      const history = (await svc.history(a.id)).slice(-10);
      if (o.json) return printJson(ctx.io, { ...a, history });
      const line = (k: string, v: unknown) => (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length) ? null : `${k.padEnd(12)} ${Array.isArray(v) ? v.join(', ') : String(v)}`);
      const lines = [
        line('id', a.id), line('name', displayName(a)), line('ips', a.ips), line('macs', a.macs), line('hostnames', a.hostnames),
        line('class', a.class), line('kind', a.kind), line('vendor', a.vendor), line('model', a.model), line('serial', a.serial),
        line('os', sw(a.os)), line('firmware', sw(a.firmware)), line('cpes', a.cpes), line('site', a.site), line('zone', a.zone),
        line('owner', a.owner), line('criticality', a.criticality), line('tags', a.tags), line('notes', a.notes), line('asset id', a.externalId),
        ...Object.entries(a.attributes).map(([k, v]) => line(k, v)), line('first seen', a.firstSeen), line('last seen', a.lastSeen),
      ].filter(Boolean);
      ctx.io.out(lines.join('\n'));
      if (a.services.length) {
        ctx.io.out(`\n${table(['PORT', 'SERVICE', 'PRODUCT', 'VERSION', 'LAST SEEN'], a.services.map((s) => [`${s.port}/${s.transport}`, s.service, s.product, s.version, s.lastSeen]))}`);
      }
      if (history.length) ctx.io.out(`\nrecent changes:\n${historyTable(history)}`);
    });

  assetFields(assets.command('add').description('add a device by hand (merges into an existing one with the same MAC, serial, name or asset id)'))
    .option('--json')
    .action(async (o) => {
      const input = toInput(o);
      if (!input.ips && !input.macs && !input.hostnames && !input.name && !input.serial && !input.externalId) {
        throw new MamoriError('E_INPUT_INVALID', 'give at least one identifier: --ip, --mac, --hostname, --name, --serial or --asset-id');
      }
      const svc = await inv();
      const r = await svc.ingest([input], { source: 'manual', manual: true });
      const a = await svc.require(r.assetIds[0]!);
      if (o.json) return printJson(ctx.io, a);
      ctx.io.out(`${r.created ? 'added' : 'merged into'} ${a.id} (${displayName(a)})`);
    });

  assetFields(assets.command('edit <ref>').description('change fields by hand; manual values win over scans and imports'))
    .option('--clear <field...>', 'clear fields (vendor, model, os, firmware, zone, site, owner, notes, criticality, ...)')
    .option('--json')
    .action(async (ref: string, o) => {
      const input = toInput(o);
      for (const f of (o.clear as string[] | undefined) ?? []) {
        if (!['name', 'kind', 'vendor', 'model', 'serial', 'os', 'firmware', 'site', 'zone', 'owner', 'notes', 'criticality', 'class'].includes(f)) {
          throw new MamoriError('E_INPUT_INVALID', `--clear: cannot clear ${JSON.stringify(f)}`);
        }
        (input as Record<string, unknown>)[f] = null;
      }
      if (Object.keys(input).length === 0) throw new MamoriError('E_INPUT_INVALID', 'nothing to change: give at least one field option (see --help)');
      const a = await (await inv()).edit(ref, input);
      if (o.json) return printJson(ctx.io, a);
      ctx.io.out(`updated ${a.id} (${displayName(a)})`);
    });

  assets.command('rm <ref>').description('remove an asset (its history is kept)')
    .option('--json')
    .action(async (ref: string, o) => {
      const a = await (await inv()).remove(ref);
      if (o.json) return printJson(ctx.io, { removed: a.id });
      ctx.io.out(`removed ${a.id} (${displayName(a)})`);
    });

  assets.command('import <files...>').description('import CSV (UTF-8/Shift_JIS, Japanese or English headers), nmap XML (-oX) or JSON; one transaction per file')
    .addOption(new Option('--format <format>', 'default: from the file').choices(['csv', 'nmap', 'json']))
    .option('--encoding <enc>', 'CSV encoding (default: detected; utf-8, shift_jis, utf-16le)')
    .option('--skip-invalid', 'import the valid rows and report the bad ones instead of aborting')
    .option('--json')
    .action(async (files: string[], o) => {
      const svc = await inv();
      const { importFile } = await import('../../services/import.service.js');
      const reports: ImportReport[] = [];
      for (const file of files) {
        const bar = progress(ctx.io, `import ${file}`);
        try {
          reports.push(await importFile(svc, file, { format: o.format, encoding: o.encoding, skipInvalid: o.skipInvalid, onProgress: (d, t) => bar.update(d, t) }));
        } finally {
          bar.stop();
        }
      }
      if (o.json) return printJson(ctx.io, reports);
      for (const r of reports) {
        ctx.io.out(`${r.file}: ${r.rows} row(s) [${r.format}${r.encoding ? `, ${r.encoding}` : ''}]: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged${r.skipped.length ? `, ${r.skipped.length} problem(s) skipped` : ''}`);
        for (const p of r.skipped) ctx.io.err(`  skipped ${formatProblem(p)}`);
      }
    });

  filterOptions(assets.command('export').description('export assets as CSV (the import template) or JSON'))
    .addOption(new Option('--format <format>').choices(['csv', 'json']).default('csv'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (o) => {
      const items = await (await inv()).list(toFilter(o));
      const { exportCsv } = await import('../../services/import.service.js');
      const text = o.format === 'json' ? `${JSON.stringify({ assets: items }, null, 2)}\n` : exportCsv(items);
      if (o.output) {
        writeFileSync(o.output, o.format === 'csv' ? `\uFEFF${text}` : text);
        ctx.io.err(`wrote ${items.length} asset(s) to ${o.output}`);
      } else writeRaw(ctx.io, text);
    });

  assets.command('history <ref>').description('what changed on a device, when and by which source')
    .option('--since <date>', 'ISO date or duration like 30d, 12h')
    .option('--json')
    .action(async (ref: string, o) => {
      const since = o.since ? parseSince(String(o.since)) : undefined;
      const h = await (await inv()).history(ref, since);
      if (o.json) return printJson(ctx.io, h);
      ctx.io.out(h.length ? historyTable(h) : 'no changes recorded');
    });
}

function historyTable(h: { at: string; source: string; change: string; field: string | null; before: unknown; after: unknown }[]): string {
  const v = (x: unknown) => (x === null || x === undefined ? '' : typeof x === 'string' ? x : JSON.stringify(x));
  return table(['WHEN', 'SOURCE', 'CHANGE', 'FIELD', 'BEFORE', 'AFTER'], h.map((e) => [e.at.replace('T', ' ').slice(0, 19), e.source, e.change, e.field, v(e.before), v(e.after)]), 48);
}

export function parseSince(s: string, now = Date.now()): string {
  const m = /^(\d+)([dhm])$/.exec(s);
  if (m) return new Date(now - Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm']).toISOString();
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new MamoriError('E_INPUT_INVALID', `--since: not a date or duration (30d, 12h): ${JSON.stringify(s)}`);
  return new Date(t).toISOString();
}
