// The advisory commands end to end through the real CLI entry point: assets add → feeds import → affected /
// vulns (human and --json) → vulns mark → feeds list, plus the exit code and message of a bad feed file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.js';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;

function run(home: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(['--home', home, ...argv], { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

test('mamori feeds import / affected / vulns / vulns mark / feeds list', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mamori-adv-cli-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  let r = await run(home, 'assets', 'add', '--name', 'chem-1', '--ip', '127.0.51.1', '--vendor', 'Walchem', '--model', 'Intuition 9', '--firmware', 'v4.20', '--class', 'ot', '--zone', 'plant-1');
  assert.equal(r.code, 0, r.err);
  r = await run(home, 'assets', 'add', '--name', 'pc-7', '--ip', '127.0.51.2', '--hostname', 'pc-7.corp', '--os', 'Windows 7 SP1', '--class', 'it');
  assert.equal(r.code, 0, r.err);
  r = await run(home, 'feeds', 'import', `${DATA}csaf/2023/icsa-23-229-04.json`, `${DATA}nvd/cves/CVE-2017-0144.json`, `${DATA}kev/known_exploited_vulnerabilities.csv`);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /advisories: 2 new, 0 updated, 0 unchanged; KEV entries: 1404/);
  assert.match(r.err, /feeds: read…/, 'progress goes to stderr');

  r = await run(home, 'affected', 'ICSA-23-229-04');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /AFFECTED \(2\)\n {2}OT \(2\)\n {4}chem-1 {2}127\.0\.51\.1 {2}CVE-2023-\d+/);
  assert.match(r.out, /known_affected Walchem Intuition 9 < 4\.21 \[CSAFPID-0001\] ↔ model 'Walchem Intuition 9 v4\.20'/);

  r = await run(home, 'affected', 'CVE-2017-0144', '--json');
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as { asset: { id: string; hostnames: string[]; ips: string[] }; advisory: { id: string }; cve: string; verdict: string; reasons: string[]; kev: unknown }[];
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0]!.asset.hostnames, ['pc-7.corp']);
  assert.deepEqual(rows[0]!.asset.ips, ['127.0.51.2']);
  assert.equal(rows[0]!.advisory.id, 'CVE-2017-0144');
  assert.equal(rows[0]!.cve, 'CVE-2017-0144');
  assert.equal(rows[0]!.verdict, 'unknown', 'Windows 7 SP1 is a listed platform; SMBv1 was not observed');
  assert.ok(rows[0]!.reasons.length >= 2 && rows[0]!.kev);

  r = await run(home, 'vulns', '--kev', '--json');
  assert.deepEqual((JSON.parse(r.out) as { cve: string }[]).map((x) => x.cve), ['CVE-2017-0144']);
  r = await run(home, 'vulns', '--zone', 'plant-1');
  assert.match(r.out, /2 match\(es\) on 1 asset\(s\)/);

  r = await run(home, 'vulns', 'mark', 'chem-1', 'CVE-2023-38422', '--decision', 'mitigated', '--reason', 'API blocked at the cell firewall', '--by', 'alice');
  assert.equal(r.code, 0, r.err);
  r = await run(home, 'vulns', '--asset', '127.0.51.1', '--json');
  assert.deepEqual((JSON.parse(r.out) as { cve: string }[]).map((x) => x.cve), ['CVE-2023-32202']);
  r = await run(home, 'affected', 'CVE-2023-38422');
  assert.match(r.out, /marked mitigated by alice: API blocked at the cell firewall/);

  r = await run(home, 'feeds', 'list');
  assert.match(r.out, /csaf-2\.0 +1/);
  assert.match(r.out, /CISA KEV: 1404 entries/);

  r = await run(home, 'affected', 'ICSA-99-999-99');
  assert.equal(r.code, 2);
  assert.match(r.err, /no advisory or CVE ICSA-99-999-99/);
});

test('mamori feeds import: a bad file is named with its line and nothing is imported (exit 2)', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mamori-adv-cli-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const bad = join(home, 'broken.json');
  writeFileSync(bad, '{\n  "document": {\n    "csaf_version": "2.0",\n');
  const r = await run(home, 'feeds', 'import', `${DATA}csaf/2023/icsa-23-229-04.json`, bad);
  assert.equal(r.code, 2);
  assert.match(r.err, /broken\.json:4:\d+: invalid JSON/);
  const l = await run(home, 'feeds', 'list', '--json');
  assert.deepEqual((JSON.parse(l.out) as { formats: unknown[] }).formats, []);
});
