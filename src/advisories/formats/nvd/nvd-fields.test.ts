// The per-record field readers of an NVD record, written as loops for a whole-feed ingest, give what the chains of
// filter/map they replaced gave, on the shared NVD data and on irregular records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dedupeCvss } from '../csaf/csaf.format.js';
import { arr, isObj, num, obj, str, type Json } from '../json-access.js';
import type { Cvss } from '../types.js';
import { readCwes, readMetrics, readReferences } from './nvd.format.js';

const DATA = new URL('../../../../../shared/data/nvd/', import.meta.url).pathname;

const cwesBefore = (c: Json) => [...new Set(arr(c.weaknesses).filter(isObj).flatMap((w) => arr(w.description).filter(isObj).map((x) => str(x.value))).filter((x): x is string => !!x && /^CWE-\d+$/.test(x)))];
const referencesBefore = (c: Json) => arr(c.references).filter(isObj).map((r) => str(r.url)).filter((u): u is string => !!u);
function metricsBefore(m: Json | undefined): Cvss[] {
  if (!m) return [];
  const out: Cvss[] = [];
  for (const key of ['cvssMetricV40', 'cvssMetricV31', 'cvssMetricV30', 'cvssMetricV2']) {
    const list = arr(m[key]).filter(isObj);
    list.sort((a, b) => (a.type === 'Primary' ? -1 : 0) - (b.type === 'Primary' ? -1 : 0));
    for (const x of list) {
      const d = obj(x.cvssData);
      const version = str(d?.version);
      const vector = str(d?.vectorString);
      const baseScore = num(d?.baseScore);
      if (vector && baseScore !== undefined && (version === '2.0' || version === '3.0' || version === '3.1' || version === '4.0')) out.push({ version, vector, baseScore, ...(str(x.source) ? { source: str(x.source)! } : {}) });
    }
  }
  return dedupeCvss(out);
}

function same(c: Json): void {
  const id = String(c.id);
  assert.equal(JSON.stringify(readCwes(c)), JSON.stringify(cwesBefore(c)), `${id} cwes`);
  assert.equal(JSON.stringify(readReferences(c)), JSON.stringify(referencesBefore(c)), `${id} references`);
  assert.equal(JSON.stringify(readMetrics(obj(c.metrics))), JSON.stringify(metricsBefore(obj(c.metrics))), `${id} metrics`);
}

test('CWE, references and CVSS of every shared NVD record, as before', () => {
  const page = JSON.parse(readFileSync(DATA + 'nvd-cves-api2.json', 'utf8')) as { vulnerabilities: { cve: Json }[] };
  let metrics = 0;
  for (const { cve } of page.vulnerabilities) {
    same(cve);
    metrics += readMetrics(obj(cve.metrics)).length;
  }
  assert.ok(metrics > 38, `${metrics} CVSS entries`);
});

test('irregular records: odd types, duplicates, secondary before primary, unknown versions', () => {
  const v = (version: unknown, vector: unknown, baseScore: unknown) => ({ version, vectorString: vector, baseScore });
  same({ id: 'odd', weaknesses: 'x', references: [null, 'x', { url: 7 }, { url: '' }, { url: 'https://a' }, { url: 'https://a' }], metrics: 'x' });
  same({
    id: 'many',
    weaknesses: [{ description: [{ value: 'CWE-79' }, { value: 'NVD-CWE-noinfo' }, { value: 'CWE-79' }, null, { value: 5 }] }, 'x', { description: 'x' }, { description: [{ value: 'CWE-20' }, { value: 'CWE-79x' }] }],
    metrics: {
      cvssMetricV31: [
        { source: 'other', type: 'Secondary', cvssData: v('3.1', 'CVSS:3.1/AV:L', 5) },
        { source: 'nvd@nist.gov', type: 'Primary', cvssData: v('3.1', 'CVSS:3.1/AV:N', 9.8) },
        { type: 'Primary', cvssData: v('3.1', 'CVSS:3.1/AV:L', 5) },
        'x',
        { type: 'Primary', cvssData: v('3.1', '', 5) },
        { type: 'Primary', cvssData: v('3.1', 'CVSS:3.1/AV:A', Infinity) },
      ],
      cvssMetricV2: [{ source: '', type: 'Primary', cvssData: v('2.0', 'AV:N/AC:L', 7.5) }, { cvssData: v('1.0', 'AV:N', 5) }],
      cvssMetricV40: { not: 'a list' },
      cvssMetricV30: [{ type: 'Secondary', cvssData: v('3.0', 'CVSS:3.0/AV:N', 7) }, { type: 'Secondary', cvssData: v('3.0', 'CVSS:3.1/AV:N', 9.8) }],
    },
  });
});
