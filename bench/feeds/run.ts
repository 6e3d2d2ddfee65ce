// bench/feeds: advisory feeds at NVD scale. `npm run bench -- feeds` (or `node --import tsx bench/feeds/run.ts
// [--cves N] [--assets N] [--big-assets N] [--rounds N]`). Generates a 250,000-CVE NVD-shaped feed (≈650 MB) under /tmp
// (never committed; reused when present), then measures, each step in its own process:
//   floor        split the file into records + JSON.parse each (the lower bound for any ingest)
//   ingest       `feeds import` of the file into a fresh SQLite store (parse, normalize, write, match)
//   match        all CVEs × 100,000 assets (per distinct product+version signature)
//   new-advisory one new advisory against 1,000,000 assets (median of 20)
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeNvdFeed } from './generate.js';

const argv = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const cves = opt('cves', 250000);
const assets = opt('assets', 100000);
const bigAssets = opt('big-assets', 1000000);
const dir = '/tmp/mamori-bench-feeds';
mkdirSync(dir, { recursive: true });
const feed = `${dir}/nvd-${cves}.json`;
if (!existsSync(feed)) {
  const t = performance.now();
  const bytes = await writeNvdFeed(feed, cves);
  console.error(`generated ${feed}: ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const sizeMb = statSync(feed).size / 1e6;
// The steps run bundled, as the `mamori` CLI does (dist/cli): worker threads then load a few bundled files, not
// hundreds of TypeScript modules through tsx's loader (`--from-source` runs the sources through tsx instead).
const fromSource = argv.includes('--from-source');
const stepFile = fileURLToPath(new URL('./step.ts', import.meta.url));
const bundleDir = fileURLToPath(new URL('../../node_modules/.cache/mamori-bench-feeds', import.meta.url));
if (!fromSource) {
  // @ts-expect-error a plain .mjs script without type declarations
  const { bundleNode } = (await import('../../scripts/bundle.mjs')) as { bundleNode: (e: Record<string, string>, out: string) => Promise<unknown> };
  await bundleNode({ step: stepFile }, bundleDir);
}
const stepArgs = fromSource ? ['--import', 'tsx', stepFile] : [join(bundleDir, 'step.mjs')];

function step(name: string, ...args: string[]): Record<string, unknown> {
  return stepWith({}, name, ...args);
}
function stepWith(env: Record<string, string>, name: string, ...args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', '--expose-gc', ...stepArgs, name, feed, ...args], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`step ${name} failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  const o = JSON.parse(line) as Record<string, unknown>;
  console.error(`${name}: ${line}`);
  return o;
}

// --only floor,ingest,match,new-advisory: run some steps (the match step reads the store the last ingest wrote).
const only = argv.includes('--only') ? new Set(argv[argv.indexOf('--only') + 1]!.split(',')) : null;
const skipped: Record<string, unknown> = { ms: NaN, cpuMs: NaN, peakRssMb: NaN };
const run = (name: string, ...args: string[]) => (!only || only.has(name) ? step(name, ...args) : skipped);
// --rounds N (default 3): the floor and the ingest alternate N times, and the match runs N times; the round with
// the median ratio (and the median match) is shown, with every round's figure: one run on a shared machine varies
// by 5-10 %, both ways.
const rounds = Math.max(1, opt('rounds', 3));
const median = <T>(xs: T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[Math.floor((xs.length - 1) / 2)]!;
const ratioOf = (p: { floor: Record<string, unknown>; ingest: Record<string, unknown> }) => (p.ingest.ms as number) / (p.floor.ms as number);
const pairs = Array.from({ length: rounds }, () => ({ floor: run('floor'), ingest: run('ingest', `${dir}/ingest.db`) }));
const { floor, ingest } = median(pairs, ratioOf);
// The full match as mamori runs it by default (in one thread), and shared with one worker thread (MAMORI_WORKERS=1).
const matches = Array.from({ length: rounds }, () => run('match', `${dir}/ingest.db`, String(assets)));
const match = median(matches, (m) => m.ms as number);
const matchTwo = !only || only.has('match') ? stepWith({ MAMORI_WORKERS: '1' }, 'match', `${dir}/ingest.db`, String(assets)) : skipped;
const one = run('new-advisory', String(bigAssets));
const canon = (o: unknown) => JSON.stringify(Object.entries((o ?? {}) as object).sort());
const ratio = (ingest.ms as number) / (floor.ms as number);
console.log(`
feed: ${cves} CVEs, ${sizeMb.toFixed(0)} MB (${feed}); ${rounds} round(s), the median shown: ingest/floor ${pairs.map((p) => `${((p.ingest.ms as number) / 1000).toFixed(2)}/${((p.floor.ms as number) / 1000).toFixed(2)} s = ${ratioOf(p).toFixed(2)}x`).join(', ')}; full match ${matches.map((m) => `${((m.ms as number) / 1000).toFixed(2)} s`).join(', ')}
| measurement | result | floor (same run) | goal |
|---|---|---|---|
| ingest + index into SQLite (store ${ingest.dbMb} MB) | ${((ingest.ms as number) / 1000).toFixed(1)} s wall, ${((ingest.cpuMs as number) / 1000).toFixed(1)} s CPU, peak RSS ${ingest.peakRssMb} MB | split + JSON.parse: ${((floor.ms as number) / 1000).toFixed(1)} s wall, ${((floor.cpuMs as number) / 1000).toFixed(1)} s CPU, peak RSS ${floor.peakRssMb} MB (ratio ${ratio.toFixed(2)}× wall, ${((ingest.cpuMs as number) / (floor.cpuMs as number)).toFixed(2)}× CPU) | ≤ 1.5× floor, < 512 MB |
| one changed asset × ${cves} stored advisories (\`rematchAssets\`, SQLite) | ${ingest.changedAssetMs} ms (${ingest.changedAssetMatches} verdicts) | — | — |
| full match ${cves} stored CVEs × ${match.assets} assets, from the store (group the assets, then load, compile and match the candidate CVEs: ${match.workers ? `shared with ${match.workers} worker thread(s)` : 'in one thread, the rows read by a reader thread'}), peak RSS ${match.peakRssMb} MB | ${((match.ms as number) / 1000).toFixed(2)} s wall, ${((match.cpuMs as number) / 1000).toFixed(2)} s CPU (${match.distinctSignatures} distinct signatures, ${match.assetVerdicts} asset verdicts: ${JSON.stringify(match.verdicts)}) | — | < 3 s |
| the same full match shared between this thread and one worker thread (\`MAMORI_WORKERS=1\`), peak RSS ${matchTwo.peakRssMb} MB | ${((matchTwo.ms as number) / 1000).toFixed(2)} s wall, ${((matchTwo.cpuMs as number) / 1000).toFixed(2)} s CPU (same verdicts: ${canon(matchTwo.verdicts) === canon(match.verdicts)}) | — | — |
| one new advisory × ${one.assets} assets | median ${one.ms} ms, max ${one.maxMs} ms over 20 advisories, 10 of them naming a product in the inventory (assets hit: ${JSON.stringify(one.assetsHitPerAdvisory)}; inventory index built once in ${((one.inventoryIndexBuildMs as number) / 1000).toFixed(1)} s) | — | < 100 ms |
machine: ${process.arch}, node ${process.version}, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}
reproduce: node --import tsx bench/feeds/run.ts   (or: npm run bench -- feeds; steps run bundled, --from-source for tsx)
`);
