// The bundled CLI (scripts/build-cli.mjs → dist/cli) is what `mamori` runs after `npm install`: it must
// behave like the sources, find its data files from dist/, and keep heavy libraries out of start-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../core/package-root.js';

// Packages `mamori --help` or `mamori scope list` may load before a command asks for more.
const STARTUP_PACKAGES = new Set(['commander', 'zod', 'cli-progress']);

test('the bundled CLI starts light, runs commands and finds its data files', async (t) => {
  const out = join(PACKAGE_ROOT, 'dist', `bundle-test-${process.pid}`);
  const home = mkdtempSync(join(tmpdir(), 'mamori-bundle-'));
  t.after(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });
  const built = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'build-cli.mjs'), out], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);

  const entry = readFileSync(join(out, 'bin.mjs'), 'utf8');
  const staticImports = [...entry.matchAll(/^import\s[^;]*?from\s*"([^"]+)"/gm)].map((m) => m[1]!);
  const packages = staticImports.filter((s) => !s.startsWith('.') && !s.startsWith('node:'));
  assert.ok(staticImports.length > 0, 'the entry imports something (the regexp still matches esbuild output)');
  for (const p of packages) assert.ok(STARTUP_PACKAGES.has(p), `${p} is loaded at start-up; import it inside the command that needs it`);

  const runWith = (env: Record<string, string>, ...argv: string[]) => {
    const code = `const { main } = await import(${JSON.stringify(join(out, 'bin.mjs'))}); process.exitCode = await main(${JSON.stringify(argv)});`;
    return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, MAMORI_HOME: home, ...env } });
  };
  const run = (...argv: string[]) => runWith({}, ...argv);
  const version = run('--version');
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), PACKAGE_VERSION);

  const add = run('assets', 'add', '--hostname', 'bundle-plc', '--ip', '127.0.9.77', '--class', 'ot', '--kind', 'plc', '--os', 'Windows XP', '--os-version', 'SP3');
  assert.equal(add.status, 0, add.stderr);
  const list = run('assets', 'list', '--json');
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual((JSON.parse(list.stdout) as { hostnames: string[] }[]).map((a) => a.hostnames), [['bundle-plc']]);

  // Data shipped under src/ (campaign YAML, check data) is found from dist/.
  const campaigns = run('campaigns', 'list', '--json');
  assert.equal(campaigns.status, 0, campaigns.stderr);
  assert.ok((JSON.parse(campaigns.stdout) as { id: string }[]).some((c) => c.id === 'wannacry'));
  const eol = run('checks', 'run', '--check', 'end-of-life', '--json');
  assert.equal(eol.status, 0, eol.stderr);
  assert.match((JSON.parse(eol.stdout) as { results: { summary: string }[] }).results[0]?.summary ?? '', /out of vendor support since 2014-04-08/, 'eol.json was read');

  const bad = run('assets', 'edit', 'bundle-plc', '--criticality', '9');
  assert.equal(bad.status, 2, 'usage errors keep their exit code');

  // A whole NVD feed (over 64 MB: streamed) has its records made rows by worker threads, started from
  // dist/.../nvd-records.worker.mjs: the API page's 38 records, padded with whitespace to 65 MB. Each worker is
  // asked to write a CPU profile when it ends: the profiles show that workers ran (this process writes none).
  assert.ok(existsSync(join(out, 'nvd-records.worker.mjs')), 'the worker module is bundled as an entry of its own');
  const page = readFileSync(new URL('../../../shared/data/nvd/nvd-cves-api2.json', import.meta.url), 'utf8').trimEnd();
  assert.ok(page.endsWith('}'));
  const feed = join(home, 'nvd-whole.json');
  writeFileSync(feed, Buffer.concat([Buffer.from(page.slice(0, -1)), Buffer.alloc(65 * 1024 * 1024, ' '), Buffer.from('}')]));
  const profiles = join(home, 'worker-profiles');
  const imported = runWith({ MAMORI_WORKERS: '2', MAMORI_WORKER_ARGS: `--cpu-prof --cpu-prof-dir=${profiles}` }, 'feeds', 'import', '--no-raw', feed);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /advisories: 38 new, 0 updated, 0 unchanged; KEV entries: 12/);
  assert.equal(readdirSync(profiles).filter((f) => f.endsWith('.cpuprofile')).length, 2, 'two worker threads ran');
  const affected = run('affected', 'CVE-2021-44228', '--json');
  assert.equal(affected.status, 0, affected.stderr);
});
