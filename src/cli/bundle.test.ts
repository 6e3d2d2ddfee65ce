// The bundled CLI (scripts/build-cli.mjs → dist/cli) is what `mamori` runs after `npm install`: it must
// behave like the sources, find its data files from dist/, and keep heavy libraries out of start-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  const run = (...argv: string[]) => {
    const code = `const { main } = await import(${JSON.stringify(join(out, 'bin.mjs'))}); process.exitCode = await main(${JSON.stringify(argv)});`;
    return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, MAMORI_HOME: home } });
  };
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
});
