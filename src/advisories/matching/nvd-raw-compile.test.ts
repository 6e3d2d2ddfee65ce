// A streamed NVD record is stored compact (nvd-compact.ts) and compiled straight from that form
// (AdvisoryIndex.addNvdRecord): it must give exactly the index entries of the normalized record, whichever form
// the store holds (nvdStoredVulns of version 1, the feed's own configurations, or of version 2, the compact
// form expanded), on the shared NVD data and on irregular input (bad CPE names, missing or odd fields, nested
// children, negation, exact versions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nvdStoredVulns } from '../formats/nvd/nvd.format.js';
import { compactConfigurations, compactKeys } from '../formats/nvd/nvd-compact.js';
import { AdvisoryIndex, configStoreKeys, groupAssets, matchGroups } from './matcher.js';
import { groupStoreKeys } from '../../services/advisory-match.js';
import { asset, svc } from '../../../test/support/match-assets.js';

const DATA = new URL('../../../../shared/data/nvd/', import.meta.url).pathname;

function bothWays(cve: string, configurations: unknown): void {
  const { configs, keys } = compactConfigurations(configurations);
  const viaNormalized = new AdvisoryIndex();
  viaNormalized.add('x', { vulnerabilities: nvdStoredVulns({ nvd: 1, cve, cwes: [], cvss: [], configurations }) });
  const viaExpanded = new AdvisoryIndex();
  viaExpanded.add('x', { vulnerabilities: nvdStoredVulns({ nvd: 2, cve, cwes: [], cvss: [], configs }) });
  const direct = new AdvisoryIndex();
  direct.addNvdRecord('x', cve, JSON.parse(JSON.stringify(configs)));
  assert.deepStrictEqual(direct.entriesOf('x'), viaNormalized.entriesOf('x'), cve);
  assert.deepStrictEqual(viaExpanded.entriesOf('x'), viaNormalized.entriesOf('x'), cve);
  assert.deepStrictEqual(direct.keysOf('x'), viaNormalized.keysOf('x'), cve);
  // The store keys of the compact form are those of the compiled entries' names.
  assert.deepStrictEqual(new Set(compactKeys(configs)), new Set(keys), cve);
  for (const k of configStoreKeys(nvdStoredVulns({ nvd: 1, cve, cwes: [], cvss: [], configurations })[0]!.configurations ?? [])) assert.ok(keys.includes(k), `${cve}: key ${k}`);
}

test('shared NVD data: compact configurations compile to the same entries and keys as the normalized record', () => {
  const page = JSON.parse(readFileSync(DATA + 'nvd-cves-api2.json', 'utf8')) as { vulnerabilities: { cve: { id: string; configurations?: unknown } }[] };
  assert.equal(page.vulnerabilities.length, 38);
  let withConfig = 0;
  for (const { cve } of page.vulnerabilities) {
    if (cve.configurations) withConfig++;
    bothWays(cve.id, cve.configurations);
  }
  assert.equal(withConfig, 32);
});

test('irregular configurations: dropped names, nodes and configurations alike; bounds, exact versions, negate, children', () => {
  const m = (criteria: unknown, extra: Record<string, unknown> = {}) => ({ vulnerable: true, criteria, ...extra });
  bothWays('CVE-2099-0001', [
    { operator: 'AND', negate: true, nodes: [
      { operator: 'OR', cpeMatch: [m('cpe:2.3:a:acme:web_server:2.4.1:*:*:*:*:*:*:*'), m('cpe:2.3:a:acme:web_server:*:*:*:*:*:*:*:*', { versionStartExcluding: '1.0', versionEndIncluding: '2.0' })] },
      { operator: 'AND', negate: true, cpeMatch: [m('not a cpe'), m(''), m(42), m('cpe:2.3:o:acme:rtos:-:*:*:*:*:*:*:*', { vulnerable: false })], children: [{ cpeMatch: [m('cpe:2.3:h:acme:plc_5:*:*:*:*:*:*:*:*', { versionEndExcluding: 7 })] }] },
      { operator: 'OR', cpeMatch: [m('cpe:2.3:a:acme:bad\\', {})] },
      { cpeMatch: [m('cpe:2.3:a:acme:tool:1.x:*:*:*:*:*:*:*'), m('cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*', { versionEndExcluding: 'April 2023' }), null, 'x'] },
      'not a node',
    ] },
    { nodes: [{ cpeMatch: [m('garbage')] }] },
    { nodes: 'no' },
    { operator: 'XOR', nodes: [{ operator: 'XOR', cpeMatch: [m('cpe:2.3:a:siemens:6es7_516-3an02-0ab0_firmware:*:*:*:*:*:*:*:*', { versionStartIncluding: 'V2.9', vulnerable: 'no' })] }] },
    null,
  ]);
  bothWays('CVE-2099-0002', undefined);
  bothWays('CVE-2099-0003', []);
  bothWays('CVE-2099-0004', { nodes: [] });
});

test('an index built for an inventory (entries naming other products left inert) gives the verdicts of a full one', () => {
  const m = (criteria: string, extra: Record<string, unknown> = {}) => ({ vulnerable: true, criteria, ...extra });
  // Running on an RTOS the asset is not (its OS is known): the platform is demonstrably absent, so not affected.
  const onRtos = [{ operator: 'AND', nodes: [
    { operator: 'OR', cpeMatch: [m('cpe:2.3:a:acme:web_server:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.0' })] },
    { operator: 'OR', cpeMatch: [m('cpe:2.3:o:acme:rtos:-:*:*:*:*:*:*:*', { vulnerable: false }), m('cpe:2.3:h:acme:box_9:-:*:*:*:*:*:*:*', { vulnerable: false })] },
  ] }];
  const plain = [{ nodes: [{ operator: 'OR', cpeMatch: [m('cpe:2.3:a:acme:web_server:*:*:*:*:*:*:*:*', { versionEndExcluding: '1.2' }), m('cpe:2.3:a:acme:other_tool:*:*:*:*:*:*:*:*')] }] }];
  const groups = groupAssets([
    asset('linux-web', { os: { name: 'Linux', version: '6.1' }, services: [svc(80, 'Web Server', '1.5')] }),
    asset('web', { vendor: 'acme', model: 'Box 7', services: [svc(80, 'Web Server', '1.1')] }),
  ]);
  const inventory = groupStoreKeys(groups);
  const full = new AdvisoryIndex();
  const forInventory = new AdvisoryIndex(inventory);
  for (const [id, cfg] of [['CVE-2099-0100', onRtos], ['CVE-2099-0101', plain]] as const) {
    const { configs } = compactConfigurations(cfg);
    full.addNvdRecord(id, id, configs);
    forInventory.addNvdRecord(id, id, configs);
  }
  const verdicts = (index: AdvisoryIndex) => [...matchGroups(index, groups)].map(({ group, result }) => `${group.assetIds.join()} ${result.advisoryId} ${result.verdict} ${JSON.stringify(result.evidence)}`).sort();
  const expected = verdicts(full);
  assert.ok(expected.some((v) => v.startsWith('linux-web CVE-2099-0100 not-affected')), expected.join('\n'));
  assert.ok(expected.some((v) => v.startsWith('web CVE-2099-0101 affected')), expected.join('\n'));
  assert.deepEqual(verdicts(forInventory), expected);
  // Inert entries are not indexed: the other tool's name is no key of the inventory's index.
  assert.ok(full.keysOf('CVE-2099-0101').size > forInventory.keysOf('CVE-2099-0101').size);
});

test('groups alike in what reaches an advisory but not in having an OS or a device get their own verdicts', () => {
  const m = (criteria: string, extra: Record<string, unknown> = {}) => ({ vulnerable: true, criteria, ...extra });
  const on = (platform: string) => [{ operator: 'AND', nodes: [
    { operator: 'OR', cpeMatch: [m('cpe:2.3:a:acme:web_server:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.0' })] },
    { operator: 'OR', cpeMatch: [m(platform, { vulnerable: false })] },
  ] }];
  const web = svc(80, 'Web Server', '1.5');
  const groups = groupAssets([
    asset('web-only', { services: [web] }),
    asset('web-on-linux', { os: { name: 'Linux', version: '6.1' }, services: [web] }),
    asset('web-on-box', { vendor: 'Other', model: 'Box 7', services: [web] }),
  ]);
  const index = new AdvisoryIndex();
  index.addNvdRecord('on-rtos', 'CVE-2099-0200', compactConfigurations(on('cpe:2.3:o:acme:rtos:-:*:*:*:*:*:*:*')).configs);
  index.addNvdRecord('on-plc', 'CVE-2099-0201', compactConfigurations(on('cpe:2.3:h:acme:plc_9:-:*:*:*:*:*:*:*')).configs);
  const got = Object.fromEntries([...matchGroups(index, groups)].map(({ group, result }) => [`${group.assetIds.join()} ${result.advisoryId}`, result.verdict]));
  assert.deepEqual(got, {
    'web-only on-rtos': 'unknown',
    'web-on-linux on-rtos': 'not-affected',
    'web-on-box on-rtos': 'unknown',
    'web-only on-plc': 'unknown',
    'web-on-linux on-plc': 'unknown',
    'web-on-box on-plc': 'not-affected',
  });
});
