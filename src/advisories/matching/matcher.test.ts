// A hand-labelled inventory, written the way users write devices, matched against real advisories from
// shared/data (CSAF 2023, NVD, JVN) plus one hand-written NVD-shaped record. Expected verdicts were worked
// out by reading each advisory, not by running the matcher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeDocument } from '../formats/index.js';
import { AdvisoryIndex, compileCriteria, componentStoreKeys, configStoreKeys, cpeStoreKeys, evaluate, groupAssets, hashedStoreKeys, InventoryIndex, keyHash, matchGroups, refStoreKeys, storedKeys, type VulnVerdict } from './matcher.js';
import type { MatchAsset } from './components.js';
import { compileRef } from './identity.js';
import { asset, fw, svc } from '../../../test/support/match-assets.js';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;
const sources = [
  'csaf/2023/icsa-23-229-04.json',
  'csaf/2023/icsa-23-103-05.json',
  'csaf/2023/icsa-23-243-04.json',
  'csaf/extra/icsma-18-058-02.json',
  'nvd/cves/CVE-2017-0144.json',
  'nvd/cves/CVE-2021-44228.json',
  'nvd/cves/CVE-2017-17215.json',
  'nvd/cves/CVE-2014-8361.json',
  'nvd/cves/CVE-2022-4304.json',
  'nvd/cves/CVE-2023-20198.json',
  'nvd/cves/CVE-2018-1000049.json',
  'jvn/examples/hnd/getVulnDetailInfo_hnd_JVNDB-2022-000097.xml',
];

function buildIndex(): AdvisoryIndex {
  const index = new AdvisoryIndex();
  const files = [...sources.map((s) => DATA + s), new URL('./fixtures/samba-nvd-shaped.json', import.meta.url).pathname];
  for (const f of files) {
    const d = decodeDocument(readFileSync(f), f);
    for (const r of d.format.parse(d.doc, { receivedAt: '2026-01-01T00:00:00Z' })) if (r.kind === 'advisory') index.add(r.advisory.source.id, r.advisory);
  }
  return index;
}


const inventory: MatchAsset[] = [
  asset('scalance-a', { vendor: 'Siemens', model: 'SCALANCE X200-4P IRT', firmware: fw('V5.5.1') }),
  asset('scalance-b', { vendor: 'siemens ag', model: '6GK5200-4AH00-2BA3', firmware: fw('5.5.2') }),
  asset('scalance-c', { vendor: 'Siemens', model: 'SCALANCE X200-4P IRT', firmware: null }),
  asset('scalance-other-mlfb', { vendor: 'Siemens', model: 'SCALANCE X200-4P IRT', attributes: { 'order number': '6GK5 999-9ZZ99-9ZZ9' }, firmware: fw('V5.0') }),
  asset('walchem-old', { vendor: 'Walchem', model: 'Intuition 9', firmware: fw('v4.20') }),
  asset('walchem-new', { vendor: 'WALCHEM', model: 'Intuition-9', firmware: fw('4.21.0') }),
  asset('walchem-unreadable', { vendor: 'Walchem', model: 'Intuition 9', firmware: fw('see label') }),
  asset('digi-6350', { vendor: 'Digi International Inc.', model: 'Digi 6350-SR', firmware: fw('1.0') }),
  asset('digi-one-sp', { vendor: 'Digi', model: 'One SP', firmware: fw('82000747_AA') }),
  asset('digi-ts16-fixed', { vendor: 'Digi', model: 'ConnectPort TS 8/16', firmware: fw('2.26.2.4') }),
  asset('digi-ts16-old', { vendor: 'Digi', model: 'ConnectPort TS 8/16', firmware: fw('2.26.2.3 build 7') }),
  asset('win7-smb1', { os: { name: 'Windows 7 Professional SP1', version: null }, services: [svc(445, 'Microsoft Windows SMB', null, { dialects: ['NT LM 0.12', 'SMB 2.002'] }, 'microsoft-ds')] }),
  asset('win7-unknown-smb', { os: { name: 'Windows 7 SP1', version: null } }),
  asset('log4j-old', { services: [svc(8080, 'Apache Log4j', '2.14.1')] }),
  asset('log4j-new', { services: [svc(8080, 'Apache Log4j', '2.17.1')] }),
  asset('hg532', { vendor: 'Huawei', model: 'HG532e' }),
  asset('openssl-s', { services: [svc(443, 'OpenSSL', '1.1.1s')] }),
  asset('openssl-t', { services: [svc(443, 'OpenSSL', '1.1.1t')] }),
  asset('openssl-3', { services: [svc(443, 'OpenSSL', '3.0.8')] }),
  asset('jacic-r3', { vendor: '一般財団法人日本建設情報総合センター', model: '電子入札コアシステム', firmware: fw('v6 R3') }),
  asset('jacic-r5', { vendor: 'JACIC', model: '電子入札コアシステム', firmware: fw('V6 R5') }),
  asset('samba-fixed', { services: [svc(445, 'Samba 4.17.12', null, {}, 'smb')] }),
  asset('samba-old', { services: [svc(445, 'Samba', '4.17.11', {}, 'smb')] }),
  asset('samba-419', { services: [svc(445, 'samba', '4.19.0', {}, 'smb')] }),
  asset('lighttpd', { services: [svc(80, 'lighttpd', '1.4.69')] }),
  asset('rig-cpe', { cpes: ['cpe:2.3:a:nanopool:claymore_dual_miner:7.3:*:*:*:*:*:*:*'] }),
  asset('rig-banner', { services: [svc(3333, "Claymore's Dual Ethereum Miner", '7.3')] }),
  asset('rig-new', { services: [svc(3333, 'Claymore Dual Miner', '15.0')] }),
  asset('iosxe-old', { vendor: 'Cisco', model: 'Catalyst 9300', os: { name: 'Cisco IOS XE', version: '17.3.7' } }),
  asset('iosxe-branch-fix', { vendor: 'Cisco', model: 'Catalyst 9300', os: { name: 'IOS XE', version: '17.3.8a' } }),
  asset('stratix-old', { vendor: 'Allen-Bradley', model: 'Stratix 5800', firmware: fw('17.12.01') }),
  asset('stratix-new', { vendor: 'Rockwell Automation', model: 'Allen-Bradley Stratix 5800', firmware: fw('17.12.02') }),
];

/** [asset, advisory, cve, verdict] — worked out by hand from the advisories. */
const EXPECTED: [string, string, string | null, VulnVerdict['verdict']][] = [
  ['scalance-a', 'ICSA-23-103-05', 'CVE-2023-29054', 'affected'],
  ['scalance-b', 'ICSA-23-103-05', 'CVE-2023-29054', 'fixed'],
  ['scalance-c', 'ICSA-23-103-05', 'CVE-2023-29054', 'unknown'],
  ['walchem-old', 'ICSA-23-229-04', 'CVE-2023-38422', 'affected'],
  ['walchem-new', 'ICSA-23-229-04', 'CVE-2023-38422', 'fixed'],
  ['walchem-unreadable', 'ICSA-23-229-04', 'CVE-2023-38422', 'unknown'],
  ['digi-6350', 'ICSA-23-243-04', 'CVE-2023-4299', 'not-affected'],
  ['digi-one-sp', 'ICSA-23-243-04', 'CVE-2023-4299', 'affected'],
  ['digi-ts16-fixed', 'ICSA-23-243-04', 'CVE-2023-4299', 'fixed'],
  ['digi-ts16-old', 'ICSA-23-243-04', 'CVE-2023-4299', 'affected'],
  ['win7-smb1', 'CVE-2017-0144', 'CVE-2017-0144', 'affected'],
  ['win7-unknown-smb', 'CVE-2017-0144', 'CVE-2017-0144', 'unknown'],
  ['log4j-old', 'CVE-2021-44228', 'CVE-2021-44228', 'affected'],
  ['log4j-new', 'CVE-2021-44228', 'CVE-2021-44228', 'fixed'],
  ['hg532', 'CVE-2017-17215', 'CVE-2017-17215', 'affected'],
  ['openssl-s', 'CVE-2022-4304', 'CVE-2022-4304', 'affected'],
  ['openssl-t', 'CVE-2022-4304', 'CVE-2022-4304', 'fixed'],
  ['openssl-3', 'CVE-2022-4304', 'CVE-2022-4304', 'fixed'],
  ['jacic-r3', 'JVNDB-2022-000097', 'CVE-2022-41993', 'affected'],
  ['jacic-r5', 'JVNDB-2022-000097', 'CVE-2022-41993', 'fixed'],
  ['samba-fixed', 'CVE-2099-4091', 'CVE-2099-4091', 'fixed'],
  ['samba-old', 'CVE-2099-4091', 'CVE-2099-4091', 'affected'],
  ['samba-419', 'CVE-2099-4091', 'CVE-2099-4091', 'affected'],
  ['rig-cpe', 'CVE-2018-1000049', 'CVE-2018-1000049', 'affected'],
  ['rig-banner', 'CVE-2018-1000049', 'CVE-2018-1000049', 'affected'],
  ['rig-new', 'CVE-2018-1000049', 'CVE-2018-1000049', 'fixed'],
  ['iosxe-old', 'CVE-2023-20198', 'CVE-2023-20198', 'affected'],
  ['iosxe-branch-fix', 'CVE-2023-20198', 'CVE-2023-20198', 'fixed'],
  ['stratix-old', 'CVE-2023-20198', 'CVE-2023-20198', 'affected'],
  ['stratix-new', 'CVE-2023-20198', 'CVE-2023-20198', 'fixed'],
];
/** Assets on a fixed or unaffected version: no advisory may call them affected. */
const NEVER_AFFECTED = ['rig-new', 'iosxe-branch-fix', 'stratix-new', 'scalance-b', 'walchem-new', 'digi-6350', 'digi-ts16-fixed', 'log4j-new', 'openssl-t', 'openssl-3', 'jacic-r5', 'samba-fixed', 'lighttpd', 'walchem-unreadable', 'scalance-c', 'win7-unknown-smb', 'scalance-other-mlfb'];

function runAll() {
  const index = buildIndex();
  const results = new Map<string, VulnVerdict[]>();
  for (const { group, result } of matchGroups(index, groupAssets(inventory))) {
    for (const id of group.assetIds) results.set(id, [...(results.get(id) ?? []), result]);
  }
  return { index, results };
}

test('hand-labelled inventory gets the expected verdicts, each with evidence', () => {
  const { results } = runAll();
  const failures: string[] = [];
  for (const [assetId, adv, cve, verdict] of EXPECTED) {
    const got = (results.get(assetId) ?? []).find((r) => r.advisoryId === adv && r.cve === cve);
    if (!got) failures.push(`${assetId} × ${adv}/${cve}: expected ${verdict}, got no match`);
    else if (got.verdict !== verdict) failures.push(`${assetId} × ${adv}/${cve}: expected ${verdict}, got ${got.verdict} — ${got.reasons.join(' | ')}`);
    else assert.ok(got.reasons.length > 0 && got.evidence.length > 0, `${assetId}: evidence`);
  }
  assert.deepEqual(failures, []);
});

test('no false "affected" on a fixed, unaffected or unreadable version', () => {
  const { results } = runAll();
  for (const id of NEVER_AFFECTED) {
    const bad = (results.get(id) ?? []).filter((r) => r.verdict === 'affected');
    assert.deepEqual(bad.map((r) => `${r.advisoryId}/${r.cve}: ${r.reasons.join(' | ')}`), [], id);
  }
  assert.equal(results.get('lighttpd'), undefined, 'a product no advisory names gets no verdict at all');
  assert.equal((results.get('scalance-other-mlfb') ?? []).length, 0, 'a different order number is a different product');
});

test('evidence names the rule, the asset field and the version comparison', () => {
  const { results } = runAll();
  const r = results.get('walchem-old')!.find((x) => x.cve === 'CVE-2023-38422')!;
  assert.equal(r.confidence, 'confirmed');
  assert.equal(r.evidence[0]!.field, 'model');
  assert.match(r.reasons[0]!, /known_affected Walchem Intuition 9 < 4\.21 \[CSAFPID-0001\] ↔ model 'Walchem Intuition 9 v4.20'.*v4\.20 is in < 4\.21/);
  const w = results.get('win7-unknown-smb')!.find((x) => x.cve === 'CVE-2017-0144')!;
  assert.ok(w.reasons.some((x) => /running-on cpe:2\.3:o:microsoft:windows_7/.test(x)), w.reasons.join('\n'));
  assert.ok(w.reasons.some((x) => /vulnerable component was not identified/.test(x)));
  const s = results.get('scalance-b')!.find((x) => x.cve === 'CVE-2023-29054')!;
  assert.equal(s.evidence[0]!.identity, 'model number 6GK5200-4AH00-2BA3');
});

test('a new advisory is matched against the inventory index without a full recomputation', () => {
  const index = new AdvisoryIndex();
  const inv = new InventoryIndex(groupAssets(inventory));
  const d = decodeDocument(readFileSync(DATA + 'csaf/2023/icsa-23-229-04.json'), 'x');
  for (const r of d.format.parse(d.doc, { receivedAt: 'x' })) if (r.kind === 'advisory') index.add('ICSA-23-229-04', r.advisory);
  const got = [...inv.matchAdvisory(index, 'ICSA-23-229-04')].filter((x) => x.result.cve === 'CVE-2023-38422');
  const byAsset = Object.fromEntries(got.flatMap((x) => x.group.assetIds.map((id) => [id, x.result.verdict])));
  assert.deepEqual(byAsset, { 'walchem-old': 'affected', 'walchem-new': 'fixed', 'walchem-unreadable': 'unknown' });
});

test('store keys find every verdict: the index (and the store) miss none that evaluating every advisory for every group gives', () => {
  const files = [...sources.map((s) => DATA + s), DATA + 'nvd/nvd-cves-api2.json', new URL('./fixtures/samba-nvd-shaped.json', import.meta.url).pathname];
  const index = new AdvisoryIndex();
  const ids = new Set<string>();
  const keysOf = new Map<string, Set<number>>();
  for (const f of files) {
    const d = decodeDocument(readFileSync(f), f);
    for (const r of d.format.parse(d.doc, { receivedAt: '2026-01-01T00:00:00Z' })) {
      if (r.kind !== 'advisory') continue;
      const id = `${r.advisory.source.format}:${r.advisory.source.id}`;
      index.add(id, r.advisory);
      ids.add(id);
      keysOf.set(id, new Set(storedKeys(r.advisory)));
      // The streamed path derives keys from the feed's raw configurations: the same keys.
      const raw = (r.advisory.raw as { configurations?: unknown } | undefined)?.configurations;
      if (raw) assert.deepEqual(new Set(configStoreKeys(raw)), keysOf.get(id), id);
    }
  }
  const line = (g: { signature: string }, r: VulnVerdict) => `${g.signature} × ${r.advisoryId}/${r.cve}: ${r.verdict} ${JSON.stringify(r.evidence)}`;
  let checked = 0;
  const everyGroup: string[] = [];
  const groups = groupAssets(inventory);
  for (const g of groups) {
    const exhaustive: string[] = [];
    for (const id of ids) {
      for (const entry of index.entriesOf(id)) {
        const r = evaluate(entry, g.components);
        if (r) exhaustive.push(line(g, { advisoryId: entry.advisoryId, cve: entry.cve, ...r }));
      }
    }
    const indexed = [...matchGroups(index, [g])].map(({ result }) => line(g, result));
    assert.deepEqual(indexed.sort(), exhaustive.sort(), g.signature.slice(0, 60));
    // And the store would load each of them: the group shares a store key with the advisory.
    const mine = new Set(g.components.flatMap(componentStoreKeys).map(keyHash));
    for (const { result } of matchGroups(index, [g])) assert.ok([...keysOf.get(result.advisoryId)!].some((k) => mine.has(k)), `${g.signature.slice(0, 60)} × ${result.advisoryId}: no shared store key`);
    checked += indexed.length;
    everyGroup.push(...exhaustive);
  }
  assert.ok(checked > 20, `${checked} verdicts checked`);
  // All groups in one go: verdicts given once for groups alike are those of each group's own evaluation.
  assert.deepEqual([...matchGroups(index, groups)].map(({ group, result }) => line(group, result)).sort(), everyGroup.sort());
});

test('a CPE name compiled through the per-product memo equals compileRef of it', () => {
  const doc = JSON.parse(readFileSync(DATA + 'nvd/nvd-cves-api2.json', 'utf8')) as { vulnerabilities: { cve: { configurations?: { nodes: { cpeMatch: { criteria: string }[] }[] }[] } }[] };
  const names = doc.vulnerabilities.flatMap((v) => (v.cve.configurations ?? []).flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch.map((m) => m.criteria))));
  names.push('cpe:2.3:a:advantech:webaccess\\/scada:*:*:*:*:*:*:*:*', 'cpe:2.3:h:siemens:6bk1602-0aa12-0tp0:-:*:*:*:*:*:*:*', 'cpe:2.3:a:*:openssl:1.0:*:*:*:*:*:*:*', 'not a cpe');
  assert.ok(names.length > 500);
  for (const n of names) {
    // Twice: the second comes from the memo (criteria or product).
    for (let i = 0; i < 2; i++) assert.deepEqual(compileCriteria(n).base, compileRef({ vendor: '', product: '', cpe: n, versions: { kind: 'all' } }), n);
  }
});

test('store keys of CPE names: the vendor:product table gives what compiling the name gives, across growth (of slots, entries and the name pool) and repeats', () => {
  const slow = (cpe: string) => [...refStoreKeys(compileRef({ vendor: '', product: '', cpe, versions: { kind: 'all' } }))].map(keyHash);
  const names: string[] = [];
  // Enough distinct products to grow the table several times; names that differ only after the product share keys.
  for (let i = 0; i < 40_000; i++) names.push(`cpe:2.3:${'aoh'[i % 3]}:vendor${i % 977}:product_${i}_series:${i % 7}.${i % 5}:*:*:*:*:*:*:*`);
  names.push('cpe:2.3:o:siemens:simatic_s7-1200_cpu_1214c_firmware:4.5:*:*:*:*:*:*:*', 'cpe:2.3:h:siemens:6es7_214-1ag40-0xb0:-:*:*:*:*:*:*:*', 'cpe:2.3:a:microsoft:windows_7:-:sp1:*:*:*:*:*:*');
  for (const pass of [1, 2]) for (const n of names) assert.deepEqual(cpeStoreKeys(n), slow(n), `${n} (pass ${pass})`);
  for (const [vendor, tokens, models] of [['siemens ag', ['simatic', 's7', '1200'], ['6ES7214-1AG40-0XB0', '6ES7214-1AG40-0XB0', '6ES7215-1AG40-0XB0']], ['acme', ['router'], []], ['', ['x', 'y'], []], ['acme', [], ['1756-L81E']]] as const) {
    assert.deepEqual(hashedStoreKeys(vendor, tokens, models), [...refStoreKeys({ vendor, tokens: [...tokens], models: [...models] })].map(keyHash), `${vendor} ${tokens.join(' ')}`);
  }
  // Two vendor:product parts with the same FNV-1a hash and length: each keeps its own keys.
  const [a, b] = ['cpe:2.3:h:acme:router_149599:-:*:*:*:*:*:*:*', 'cpe:2.3:h:acme:router_312382:-:*:*:*:*:*:*:*'];
  assert.deepEqual([cpeStoreKeys(a), cpeStoreKeys(b), cpeStoreKeys(a)], [slow(a), slow(b), slow(a)]);
  assert.notDeepEqual(slow(a), slow(b));
  // Same vendor:product, other version: the same keys, looked up, not computed again.
  assert.equal(cpeStoreKeys('cpe:2.3:a:vendor1:product_1_series:9.9:*:*:*:*:*:*:*'), cpeStoreKeys(names[1]!));
});
