// A streamed NVD record is compiled straight from its stored `configurations` (AdvisoryIndex.addNvdRecord):
// it must give exactly the index entries of the normalized record (nvdStoredVulns → add), on the shared NVD
// data and on irregular input (bad CPE names, missing or odd fields, nested children, negation, exact versions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nvdStoredVulns } from '../formats/nvd/nvd.format.js';
import { AdvisoryIndex } from './matcher.js';

const DATA = new URL('../../../../shared/data/nvd/', import.meta.url).pathname;

function bothWays(cve: string, configurations: unknown): void {
  const viaNormalized = new AdvisoryIndex();
  viaNormalized.add('x', { vulnerabilities: nvdStoredVulns({ nvd: 1, cve, cwes: [], cvss: [], configurations }) });
  const direct = new AdvisoryIndex();
  direct.addNvdRecord('x', cve, configurations);
  assert.deepStrictEqual(direct.entriesOf('x'), viaNormalized.entriesOf('x'), cve);
  assert.deepStrictEqual(direct.keysOf('x'), viaNormalized.keysOf('x'), cve);
}

test('shared NVD data: raw configurations compile to the same entries and keys as the normalized record', () => {
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
