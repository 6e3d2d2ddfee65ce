// bench/inventory: import 100,000 and 1,000,000 assets with merge rules and history on, on SQLite and
// PostgreSQL, next to a floor measured in the same run (plain bulk writes of the same rows); then the
// queries of the inventory page on the 100k inventory. Each case runs in its own process for peak RSS.
//   npm run bench -- inventory [--sizes=100000,1000000] [--dialects=sqlite,postgres]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

const arg = (k: string, d: string) => process.argv.find((a) => a.startsWith(`--${k}=`))?.split('=')[1] ?? d;
const sizes = arg('sizes', '100000,1000000').split(',').map(Number);
const dialects = arg('dialects', 'sqlite,postgres').split(',');
const results: Record<string, unknown>[] = [];
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const loadBefore = load();
for (const dialect of dialects) {
  for (const n of sizes) {
    for (const what of n <= 100_000 ? ['floor', 'reingest-query'] : ['floor', 'ingest']) {
      const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', 'bench/inventory/case.ts', what, dialect, String(n)], { encoding: 'utf8' });
      if (r.status !== 0) {
        console.error(r.stderr);
        process.exit(1);
      }
      const line = { ...JSON.parse(r.stdout.trim().split('\n').pop()!), load: load() };
      results.push(line);
      console.error(JSON.stringify(line));
    }
  }
}
const rowsPerS = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
// CPU: user + system time of the measuring process during the measured step (on PostgreSQL the server's work
// is not in it). Load average (1, 5, 15 min) after each step: the machine is shared.
console.log(`\nload average before: ${loadBefore}; after: ${load()}`);
console.log('\n| dialect | assets | floor (plain bulk insert): wall / CPU | mamori import (merge + history): wall / CPU | ratio (wall) | mamori peak RSS | re-import (unchanged) | load after |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const dialect of dialects) {
  for (const n of sizes) {
    const f = results.find((r) => r.dialect === dialect && r.n === n && r.what === 'floor') as { ms: number; cpuMs: number };
    const m = results.find((r) => r.dialect === dialect && r.n === n && r.what !== 'floor') as { ms: number; cpuMs: number; maxRssMB: number; reingestMs?: number; load: string };
    console.log(`| ${dialect} | ${n.toLocaleString('en')} | ${s(f.ms)} / ${s(f.cpuMs)} (${rowsPerS(n, f.ms)}) | ${s(m.ms)} / ${s(m.cpuMs)} (${rowsPerS(n, m.ms)}) | ${(m.ms / f.ms).toFixed(2)}× | ${m.maxRssMB} MB | ${m.reingestMs ? s(m.reingestMs) : '–'} | ${m.load} |`);
  }
}
console.log('\n| dialect | inventory | first page (count + 50) | filtered page (class + zone) | search "siemens 1200" | one device by host name |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
type QueryResult = { dialect: string; n: number; firstPageMs: number; filteredPageMs: number; searchPageMs: number; getOneMs: number };
for (const r of results.filter((x) => x.what === 'reingest-query') as unknown as QueryResult[]) {
  console.log(`| ${r.dialect} | ${r.n.toLocaleString('en')} | ${r.firstPageMs.toFixed(1)} ms | ${r.filteredPageMs.toFixed(1)} ms | ${r.searchPageMs.toFixed(1)} ms | ${r.getOneMs.toFixed(1)} ms |`);
}
