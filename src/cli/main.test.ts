import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => void out.push(t), err: (t) => void err.push(t), write: (c) => void out.push(String(c)), interactive: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('mamori --help lists the commands of every part of the product', async () => {
  const r = await cli('--help');
  assert.equal(r.code, 0);
  for (const c of ['init', 'serve', 'config', 'assets', 'zones', 'scope', 'scan', 'feeds', 'affected', 'vulns', 'findings', 'campaigns', 'miners', 'report', 'users']) {
    assert.match(r.out, new RegExp(`^\\s+${c}\\b`, 'm'), `${c} is listed`);
  }
});

test('exit codes: usage errors are 2, a bad import names file:line: column and is 2, a good one is 0', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mamori-cli-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  assert.equal((await cli('no-such-command')).code, 2);
  assert.equal((await cli('--home', home, 'assets', 'edit', 'x', '--criticality', '9')).code, 2);
  const bad = join(home, 'bad.csv');
  writeFileSync(bad, 'hostname,ip\nok,127.0.9.1\nbad,127.0.9.999\n');
  const r = await cli('--home', home, 'assets', 'import', bad);
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.csv:3: ip: not a valid IP address/);
  assert.equal((await cli('--home', home, 'assets', 'import', bad, '--skip-invalid')).code, 0);
  const list = await cli('--home', home, 'assets', 'list', '--json');
  assert.equal(list.code, 0);
  const assets = JSON.parse(list.out) as { hostnames: string[]; ips: string[]; services: unknown[] }[];
  assert.deepEqual(assets.map((a) => [a.hostnames, a.ips]), [[['ok'], ['127.0.9.1']]]);
  assert.equal((await cli('--home', home, 'assets', 'show', 'nope')).code, 2);
});
