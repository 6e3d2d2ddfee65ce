// `npm run bench [-- NAME... [--FLAG VALUE...]]`: runs the benchmarks under bench/<name>/run.ts (all when no name is given).
// Each prints its results and the command to reproduce them; docs/benchmarks.md records them.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Names first, then flags with their values, passed on as they are (`feeds --rounds 5`).
const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith('-'));
const names = firstFlag < 0 ? args : args.slice(0, firstFlag);
const extra = firstFlag < 0 ? [] : args.slice(firstFlag);
const all = readdirSync('bench', { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join('bench', d.name, 'run.ts'))).map((d) => d.name);
const chosen = names.length ? names : all;
for (const n of chosen) {
  if (!all.includes(n)) {
    console.error(`no benchmark ${n}; available: ${all.join(', ')}`);
    process.exit(2);
  }
  console.error(`\n=== bench/${n}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', n, 'run.ts'), ...extra], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
