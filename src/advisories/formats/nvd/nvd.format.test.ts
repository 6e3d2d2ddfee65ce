import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { decodeDocument } from '../index.js';
import { parseNvdCve } from './nvd.format.js';
import { splitArrayRecords } from './nvd-stream.js';
import type { FeedRecord, NormalizedAdvisory } from '../types.js';

const DATA = new URL('../../../../../shared/data/nvd/', import.meta.url).pathname;
const advisories = (recs: Iterable<FeedRecord>) => [...recs].filter((r): r is Extract<FeedRecord, { kind: 'advisory' }> => r.kind === 'advisory').map((r) => r.advisory);

test('the API 2.0 response and every single-record file parse to the same 38 CVEs', () => {
  const page = decodeDocument(readFileSync(DATA + 'nvd-cves-api2.json'), 'nvd-cves-api2.json');
  assert.equal(page.format.id, 'nvd-cve-2.0');
  const fromPage = advisories(page.format.parse(page.doc, { receivedAt: 'x' }));
  assert.equal(fromPage.length, 38);
  const files = readdirSync(DATA + 'cves');
  assert.equal(files.length, 38);
  for (const f of files) {
    const d = decodeDocument(readFileSync(DATA + 'cves/' + f), f);
    assert.equal(d.format.id, 'nvd-cve-2.0', f);
    const [a] = advisories(d.format.parse(d.doc, { receivedAt: 'x' }));
    assert.equal(a!.source.id, f.replace('.json', ''));
    assert.deepEqual(a!.vulnerabilities[0]!.rules, fromPage.find((x) => x.source.id === a!.source.id)!.vulnerabilities[0]!.rules);
  }
  const noConfig = fromPage.filter((a) => !a.vulnerabilities[0]!.configurations);
  assert.equal(noConfig.length, 6, 'six records (Received / Awaiting Analysis) have no configurations');
});

function one(id: string): { adv: NormalizedAdvisory; recs: FeedRecord[] } {
  const recs = [...parseNvdCve(JSON.parse(readFileSync(`${DATA}cves/${id}.json`, 'utf8')), '')];
  return { adv: advisories(recs)[0]!, recs };
}

test('CVE-2017-0144: AND of the vulnerable SMBv1 component and running-on Windows platforms; metrics; KEV fields', () => {
  const { adv, recs } = one('CVE-2017-0144');
  const v = adv.vulnerabilities[0]!;
  const cfg = v.configurations![0]!;
  assert.equal(cfg.operator, 'AND');
  assert.equal(cfg.children.length, 2);
  assert.ok(cfg.children[0]!.cpeMatch.every((m) => m.vulnerable));
  assert.ok(cfg.children[1]!.cpeMatch.every((m) => !m.vulnerable));
  assert.ok(cfg.children[1]!.cpeMatch.some((m) => m.criteria === 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*'));
  assert.ok(v.rules.some((r) => r.cpe === 'cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*'));
  assert.ok(v.rules.some((r) => r.cpe === 'cpe:2.3:o:siemens:acuson_x700_firmware:1.1:*:*:*:*:*:*:*'), 'the Siemens medical configurations too');
  assert.ok(!v.rules.some((r) => r.cpe?.includes(':windows_7:')), 'running-on platforms are not rules of their own');
  assert.deepEqual(v.cvss.map((c) => `${c.version} ${c.baseScore}`).slice(0, 1), ['3.1 8.8']);
  assert.ok(v.cvss.some((c) => c.version === '2.0' && c.baseScore === 9.3));
  assert.deepEqual(v.cwes, [], 'NVD-CWE-noinfo is not a CWE');
  assert.deepEqual(one('CVE-2021-44228').adv.vulnerabilities[0]!.cwes, ['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917']);
  const kev = recs.find((r) => r.kind === 'kev');
  assert.ok(kev && kev.kind === 'kev' && kev.assertion.vulnId === 'CVE-2017-0144' && kev.assertion.addedAt === '2022-02-10');
});

test('version bounds: versionStartIncluding / versionEndExcluding / versionEndIncluding kept exactly', () => {
  const log4j = one('CVE-2021-44228').adv.vulnerabilities[0]!;
  const ranges = log4j.rules.filter((r) => r.cpe?.startsWith('cpe:2.3:a:apache:log4j')).map((r) => (r.versions.kind === 'ranges' ? r.versions.ranges[0] : null));
  assert.ok(ranges.some((r) => r && 'from' in r && r.from?.version === '2.13.0' && r.from.inclusive && r.to?.version === '2.15.0' && !r.to.inclusive), JSON.stringify(ranges));
  const dlink = one('CVE-2014-8361').adv.vulnerabilities[0]!;
  const r = dlink.rules.find((x) => x.cpe === 'cpe:2.3:o:dlink:dir-905l_firmware:*:*:*:*:*:*:*:*')!;
  assert.deepEqual(r.versions, { kind: 'ranges', ranges: [{ to: { version: '2.05b01', inclusive: true } }] });
});

test('the record splitter yields each element of a huge document, across chunk boundaries', async () => {
  const text = readFileSync(DATA + 'nvd-cves-api2.json', 'utf8');
  const ids: string[] = [];
  for await (const r of splitArrayRecords(createReadStream(DATA + 'nvd-cves-api2.json', { highWaterMark: 777 }))) ids.push(JSON.parse(r.text).cve.id);
  assert.equal(ids.length, 38);
  assert.deepEqual(ids, JSON.parse(text).vulnerabilities.map((v: { cve: { id: string } }) => v.cve.id));
  await assert.rejects(async () => {
    for await (const _ of splitArrayRecords(Readable.from([Buffer.from(text.slice(0, 100000))]))) void _;
  }, /truncated JSON: input ended inside record/);
  const tricky = '{"x":"vulnerabilities","vulnerabilities":[{"cve":{"id":"A","d":"brace } and \\" quote ["}},{"cve":{"id":"B"}}],"after":[{"no":1}]}';
  const got: string[] = [];
  for await (const r of splitArrayRecords(Readable.from([Buffer.from(tricky)]))) got.push(JSON.parse(r.text).cve.id);
  assert.deepEqual(got, ['A', 'B']);
});
