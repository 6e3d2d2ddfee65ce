// `mamori report --lang ja|en --format pdf|html [--site S]... [-o FILE]`: the executive report.
// HTML needs no browser; PDF prints that HTML with Debian's chromium.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { MamoriError } from '../../core/errors.js';
import type { ReportFormat } from '../../reports/report.service.js';
import type { ReportLang } from '../../reports/model.js';
import { writeRaw, type CliContext } from '../context.js';

const oneOf = <T extends string>(flag: string, allowed: readonly T[]) => (v: string): T => {
  if (!(allowed as readonly string[]).includes(v)) throw new MamoriError('E_INPUT_INVALID', `${flag} must be ${allowed.join(' or ')}, got ${JSON.stringify(v)}`);
  return v as T;
};

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('executive report for management: exposure, trend, top risks, IT vs OT, advisories, actions')
    .option('--lang <lang>', 'ja | en', oneOf('--lang', ['ja', 'en'] as const), 'ja' as ReportLang)
    .option('--format <format>', 'pdf | html', oneOf('--format', ['pdf', 'html'] as const), 'pdf' as ReportFormat)
    .option('--site <site>', 'limit to a site (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--tz <zone>', 'time zone for dates (default: this machine\'s)')
    .option('-o, --output <file>', 'write here (default: mamori-report-<lang>.<ext>; "-" for stdout)')
    .action(async (o: { lang: ReportLang; format: ReportFormat; site?: string[]; tz?: string; output?: string }) => {
      const store = await ctx.openStore();
      const timeZone = o.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
      try {
        new Intl.DateTimeFormat('en', { timeZone });
      } catch {
        throw new MamoriError('E_INPUT_INVALID', `--tz: unknown time zone ${JSON.stringify(timeZone)}`);
      }
      const { generateReport } = await import('../../reports/report.service.js');
      const r = await generateReport(store, { lang: o.lang, format: o.format, sites: o.site ?? null, timeZone, campaignsDir: join(ctx.config.home, 'campaigns') });
      if (o.output === '-') {
        writeRaw(ctx.io, r.body);
        return;
      }
      const file = o.output ?? `mamori-report-${o.lang}${r.extension}`;
      writeFileSync(file, r.body);
      ctx.io.err(`wrote ${file} (${r.body.length} bytes)`);
    });
}
