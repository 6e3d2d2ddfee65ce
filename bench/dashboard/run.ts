// bench/dashboard: the inventory page with 100,000 devices in a real browser (Debian chromium through
// playwright-core) against the real `mamori serve` on loopback. Times, in the page, from the moment the
// route changes to the moment the table shows the new rows (fetch + JSON + React render), and the
// /api/assets request alone (Resource Timing). Goal (issue 6): first page and filtered search < 300 ms.
//   npm run bench -- dashboard [--n=100000] [--runs=7]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/db/open.js';
import { InventoryService } from '../../src/services/inventory.service.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/reports/renderers/pdf/pdf.js';
import { assets } from '../inventory/generate.js';

declare const document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { textContent: string | null } | null };
declare const location: { hash: string };
declare const performance: { now(): number; getEntriesByType(t: string): { name: string; duration: number; responseEnd: number; startTime: number }[]; clearResourceTimings(): void };

const arg = (k: string, d: string) => process.argv.find((a) => a.startsWith(`--${k}=`))?.split('=')[1] ?? d;
const N = Number(arg('n', '100000'));
const RUNS = Number(arg('runs', '7'));
const root = process.cwd();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!existsSync(join(root, 'web/dist/index.html'))) {
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
const home = mkdtempSync(join(tmpdir(), 'mamori-bench-web-'));
const store = await openStore(`sqlite:${join(home, 'mamori.db')}`);
const inv = new InventoryService(store);
let t0 = Date.now();
const batch: ReturnType<typeof assets> extends Generator<infer A> ? A[] : never = [];
for (const a of assets(N)) {
  batch.push(a);
  if (batch.length === 10_000) await inv.ingest(batch.splice(0), { source: 'bench' });
}
if (batch.length) await inv.ingest(batch, { source: 'bench' });
console.error(`ingested ${N} assets in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
await new AuthService(store.db).createUser({ username: 'bench', password: 'loadtest passphrase 1', role: 'admin' });
await store.close();

const child = spawn(process.execPath, ['bin/mamori.js', '--home', home, 'serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MAMORI_LOG_LEVEL: 'warn' } });
const url = await new Promise<string>((resolve, reject) => {
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    const m = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
    if (m) resolve(m[1]!);
  });
  child.on('exit', () => reject(new Error(err)));
});
const { chromium } = await import('playwright-core');
const profile = mkdtempSync(join(tmpdir(), 'mamori-bench-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], viewport: { width: 1366, height: 900 } });
try {
  await ctx.route('**/*', (r) => (r.request().url().startsWith(url) ? r.continue() : r.abort()));
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(30_000);
  const login = await page.request.post(`${url}/api/auth/login`, { data: { username: 'bench', password: 'loadtest passphrase 1' } });
  if (!login.ok()) throw new Error(`login failed ${login.status()}`);

  // Cold: full page load of #/inventory (JS, auth, facets, first page) until 50 rows show.
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.goto('about:blank');
    const start = Date.now();
    await page.goto(`${url}/#/inventory`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=inventory-table] tbody tr').length === 50);
    cold.push(Date.now() - start);
  }

  /**
   * Changes the route in the page and measures until the table shows the answer to the new query: the
   * table carries data-query = the API path its rows came from (stale rows keep the old path).
   */
  const timed = async (hash: string): Promise<{ page: number; api: number; total: string }> => {
    await page.evaluate(() => performance.clearResourceTimings());
    // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
    const ms = (await page.evaluate(`new Promise((resolve) => {
      const t = performance.now();
      location.hash = ${JSON.stringify(hash)};
      const want = '/assets?' + new URLSearchParams(${JSON.stringify(hash.split('?')[1] ?? '')}).toString();
      const poll = () => {
        const table = document.querySelector('[data-testid=inventory-table]');
        const q = table ? table.getAttribute('data-query') || '' : '';
        const p = new URLSearchParams(q.split('?')[1] || '');
        const w = new URLSearchParams(want.split('?')[1] || '');
        let ok = q !== '' && table.getAttribute('aria-busy') !== 'true';
        for (const [k, v] of w) if (p.get(k) !== v) ok = false;
        if (ok && document.querySelectorAll('[data-testid=inventory-table] tbody tr').length > 0) resolve(performance.now() - t); else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    })`)) as number;
    const apiMs = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/assets?')).map((e) => e.duration).pop() ?? -1);
    return { page: ms, api: apiMs, total: (await page.evaluate(() => document.querySelector('[data-testid=inventory-total]')?.textContent ?? '')) };
  };
  const cases = [
    { name: 'first page (no filter, sort by name)', a: '#/inventory?sort=name&order=asc', b: '#/inventory?sort=name&order=desc' },
    { name: 'filter class=ot + zone', a: '#/inventory?class=ot&zone=plant-3', b: '#/inventory?class=ot&zone=plant-4' },
    { name: 'search "siemens 1200"', a: '#/inventory?q=siemens%201200', b: '#/inventory?q=hikvision' },
    { name: 'search by IP prefix "127.16.200."', a: '#/inventory?q=127.16.200.', b: '#/inventory?q=127.16.201.' },
    { name: 'sort by last seen, page 1000', a: '#/inventory?sort=lastSeen&order=desc&offset=50000', b: '#/inventory?sort=lastSeen&order=desc&offset=50050' },
  ];
  const rows: string[] = [];
  for (const c of cases) {
    const pageMs: number[] = [];
    const apiMs: number[] = [];
    let total = '';
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(i % 2 ? c.b : c.a);
      pageMs.push(r.page);
      apiMs.push(r.api);
      total = r.total;
    }
    rows.push(`| ${c.name} | ${total} | ${median(apiMs).toFixed(0)} ms | ${median(pageMs).toFixed(0)} ms | ${Math.max(...pageMs).toFixed(0)} ms |`);
  }
  console.log(`\nInventory page, ${N.toLocaleString('en')} devices, SQLite, chromium ${ctx.browser()?.version() ?? ''}; medians of ${RUNS} runs`);
  console.log(`cold load of #/inventory (JS + auth + facets + first 50 rows): median ${median(cold)} ms`);
  console.log('\n| query | result | /api/assets (Resource Timing) | route change → rows rendered | worst |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
  console.log(`\nreproduce: npm run bench -- dashboard --n=${N} --runs=${RUNS}`);
} finally {
  await ctx.close();
  child.kill('SIGTERM');
  rmSync(profile, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
}
