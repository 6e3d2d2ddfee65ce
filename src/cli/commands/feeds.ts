// `mamori feeds import PATH... | list | sync`: advisory feeds. Import detects the format of each file, folder,
// ZIP or CSAF provider mirror (CSAF 2.0, NVD CVE API 2.0, CISA KEV JSON/CSV, JVN VULDEF/JVNRSS); progress goes
// to stderr, the summary to stdout. A bad file aborts the whole import: nothing is written.
import type { Command } from 'commander';
import { formatProblem } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { printJson, table } from '../output.js';
import { progress } from '../progress.js';

export const registerFeeds = (program: Command, ctx: CliContext): void => {
  const feeds = program.command('feeds').description('advisory feeds: CSAF 2.0, NVD CVE 2.0, CISA KEV, JVN');
  feeds
    .command('import <paths...>')
    .description('import files, folders, ZIP archives or CSAF provider mirrors (offline; format detected per file)')
    .option('--json', 'print the summary as JSON')
    .option('--no-raw', 'do not keep the source documents (smaller store)')
    .action(async (paths: string[], o: { json?: boolean; raw: boolean }) => {
      const { AdvisoriesService } = await import('../../services/advisories.service.js');
      const svc = new AdvisoriesService(await ctx.openStore());
      const bar = progress(ctx.io, 'import');
      let last = '';
      const s = await svc.importPaths(paths, {
        keepRaw: o.raw,
        onProgress: (p) => {
          if (p.total) bar.update(p.done, p.total);
          // Without a terminal: one line per phase, and one per 10,000 records of a streamed feed.
          if (!ctx.io.interactive && (p.phase !== last || p.phase === 'write')) ctx.io.err(`feeds: ${p.phase}…${p.phase === 'write' ? ` ${p.done} records` : ''}`);
          last = p.phase;
        },
      });
      bar.stop();
      for (const w of s.warnings.slice(0, 20)) ctx.io.err(`warning: ${formatProblem(w)}`);
      if (s.warnings.length > 20) ctx.io.err(`… ${s.warnings.length - 20} more warnings`);
      if (o.json) return printJson(ctx.io, s);
      ctx.io.out(`${s.files} file(s): ${Object.entries(s.formats).map(([f, n]) => `${n} ${f}`).join(', ')}`);
      ctx.io.out(`advisories: ${s.advisories.new} new, ${s.advisories.updated} updated, ${s.advisories.unchanged} unchanged; KEV entries: ${s.kevEntries}`);
      ctx.io.out(`matches changed: ${s.matchesChanged} (see: mamori vulns --new)`);
    });
  feeds
    .command('list')
    .description('what is in the store: advisories per format, KEV catalog, recent imports')
    .option('--json')
    .action(async (o: { json?: boolean }) => {
      const { AdvisoriesService } = await import('../../services/advisories.service.js');
      const f = await new AdvisoriesService(await ctx.openStore()).feeds();
      if (o.json) return printJson(ctx.io, f);
      ctx.io.out(table(['format', 'advisories', 'last fetched'], f.formats.map((x) => [x.format, x.advisories, x.last_fetched])));
      ctx.io.out(`\nCISA KEV: ${f.kev.entries} entries${f.kev.catalog_version ? ` (catalog ${f.kev.catalog_version})` : ''}`);
      if (f.imports.length) ctx.io.out(`\n${table(['imported at', 'new', 'updated', 'unchanged', 'KEV', 'matches changed', 'from'], f.imports.map((i) => [i.at, i.advisories_new, i.advisories_updated, i.advisories_unchanged, i.kev_entries, i.matches_changed, i.origin]), 60)}`);
    });
  feeds
    .command('sync')
    .description('download feeds (needs network access; air-gapped sites use `feeds import`) then import them')
    .option('--kev', 'the CISA KEV catalog')
    .option('--nvd-since <iso-date>', 'NVD CVEs modified since this date (NVD CVE API 2.0, paged)')
    .option('--csaf <provider-metadata-url...>', 'CSAF providers (provider-metadata.json URLs)')
    .option('--dir <dir>', 'keep the downloads here (default: a temporary folder)')
    .action(async (o: { kev?: boolean; nvdSince?: string; csaf?: string[]; dir?: string }) => {
      const { syncFeeds } = await import('../../advisories/sources/sync.js');
      const { AdvisoriesService } = await import('../../services/advisories.service.js');
      const dir = await syncFeeds({ kev: !!o.kev, ...(o.nvdSince ? { nvdSince: o.nvdSince } : {}), csaf: o.csaf ?? [], ...(o.dir ? { dir: o.dir } : {}), log: (m) => ctx.io.err(m) });
      const s = await new AdvisoriesService(await ctx.openStore()).importPaths([dir]);
      ctx.io.out(`advisories: ${s.advisories.new} new, ${s.advisories.updated} updated, ${s.advisories.unchanged} unchanged; KEV entries: ${s.kevEntries}; matches changed: ${s.matchesChanged}`);
    });
};
