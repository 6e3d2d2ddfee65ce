import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeDocument } from '../index.js';
import type { NormalizedAdvisory } from '../types.js';
import { inSpec } from '../../matching/ranges.js';

const DATA = new URL('../../../../../shared/data/jvn/examples/hnd/', import.meta.url).pathname;
function advisories(file: string): NormalizedAdvisory[] {
  const d = decodeDocument(readFileSync(DATA + file), file);
  return [...d.format.parse(d.doc, { receivedAt: 'x' })].flatMap((r) => (r.kind === 'advisory' ? [r.advisory] : []));
}

test('VULDEF detail: ids, Japanese text kept, CPE 2.2, CVSS, related CVEs and the version phrase', () => {
  const [a] = advisories('getVulnDetailInfo_hnd_JVNDB-2022-000097.xml');
  assert.equal(a!.source.format, 'jvn-vuldef');
  assert.equal(a!.source.id, 'JVNDB-2022-000097');
  assert.match(a!.title, /電子入札コアシステム/);
  assert.deepEqual(a!.aliases, ['CVE-2022-41993', 'CVE-2022-46287', 'CVE-2022-46288']);
  const v = a!.vulnerabilities[0]!;
  assert.deepEqual(v.cvss.map((c) => `${c.version}:${c.baseScore}`), ['2.0:4.3', '3.0:6.1']);
  const r = v.rules[0]!;
  assert.equal(r.vendor, '一般財団法人日本建設情報総合センター');
  assert.equal(r.product, '電子入札コアシステム');
  assert.equal(r.cpe, 'cpe:/a:jacic:electronic_bidding_core_system');
  assert.equal(r.versionText, 'v6 R4 およびそれ以前のバージョン');
  assert.equal(inSpec('V6 R4', r.versions), 'in');
  assert.equal(inSpec('V6 R5', r.versions), 'above');
});

test('VULDEF with no version stated matches as unknown, never as all versions', () => {
  const [a] = advisories('getVulnDetailInfo_hnd_JVNDB-2017-009608.xml');
  assert.equal(a!.vulnerabilities[0]!.rules[0]!.versions.kind, 'unparsed');
});

test('the bulk detail feed holds several entries; the overview RSS lists products without versions', () => {
  const detail = advisories('dataFeed_jvndb_detail_hnd.xml');
  assert.equal(detail.length, 7);
  const rss = advisories('getVulnOverviewList_hnd.xml');
  assert.deepEqual(rss.map((a) => a.source.id), ['JVNDB-2025-002953', 'JVNDB-2025-002884']);
  const rw = rss[1]!;
  assert.ok(rw.references.some((u) => u.includes('icsa-25-091-01')));
  assert.equal(rw.vulnerabilities[0]!.rules.length, 2);
  assert.equal(rw.vulnerabilities[0]!.rules[0]!.vendor, 'Rockwell Automation');
  assert.ok(rw.vulnerabilities[0]!.rules.every((r) => r.versions.kind === 'unparsed'));
});

test('the malformed upstream feed (empty attribute value) is rejected with file and line', () => {
  assert.throws(() => decodeDocument(readFileSync(DATA + 'dataFeed_jvndb_rss_hnd.xml'), 'dataFeed_jvndb_rss_hnd.xml'), (e: Error) => /dataFeed_jvndb_rss_hnd\.xml:116:\d+: invalid XML/.test(e.message));
});

test('MyJVN API 4.0 CSAF-based detail: read as jvn-csaf, products without versions give unknown, not "all versions"', () => {
  const OKA = new URL('../../../../../shared/data/jvn/examples/oka/', import.meta.url).pathname;
  const d = decodeDocument(readFileSync(OKA + 'getVulnDetailInfo_oka_JVNDB-2022-000097.json'), 'oka.json');
  assert.equal(d.format.id, 'jvn-csaf');
  const recs = [...d.format.parse(d.doc, { receivedAt: 'x' })];
  assert.deepEqual(recs.filter((r) => r.kind === 'issue'), []);
  const a = recs.find((r) => r.kind === 'advisory');
  assert.ok(a?.kind === 'advisory');
  assert.equal(a.advisory.source.id, 'JVNDB-2022-000097');
  assert.deepEqual(a.advisory.aliases, ['CVE-2022-41993', 'CVE-2022-46287', 'CVE-2022-46288']);
  const r = a.advisory.vulnerabilities[0]!.rules[0]!;
  assert.equal(r.cpe, 'cpe:2.3:a:jacic:electronic_bidding_core_system:*:*:*:*:*:*:*:*');
  assert.equal(r.versions.kind, 'unparsed');
});
