// Registry meta-test: feed format ids are unique and kebab-case, each format's folder has a test beside it,
// and each format recognises (sniffs) at least one real sample from shared/data and nothing else's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { feedFormats } from './index.js';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;
const SAMPLE: Record<string, string> = {
  'csaf-2.0': 'csaf/2023/icsa-23-229-04.json',
  'nvd-cve-2.0': 'nvd/nvd-cves-api2.json',
  'cisa-kev': 'kev/known_exploited_vulnerabilities.json',
  'cisa-kev-csv': 'kev/known_exploited_vulnerabilities.csv',
  'jvn-vuldef': 'jvn/examples/hnd/getVulnDetailInfo_hnd_JVNDB-2017-009608.xml',
  'jvn-rss': 'jvn/examples/hnd/getVulnOverviewList_hnd.xml',
  'jvn-csaf': 'jvn/examples/oka/getVulnDetailInfo_oka_JVNDB-2022-000097.json',
};
const FOLDER: Record<string, string> = { 'csaf-2.0': 'csaf/csaf', 'nvd-cve-2.0': 'nvd/nvd', 'cisa-kev': 'kev/kev', 'cisa-kev-csv': 'kev/kev', 'jvn-vuldef': 'jvn/jvn', 'jvn-rss': 'jvn/jvn', 'jvn-csaf': 'jvn/jvn' };

test('feed formats: unique kebab-case ids, a test per format folder, each sniffs its own sample only', () => {
  const ids = feedFormats.map((f) => f.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/);
  const docs = feedFormats.map((f) => {
    const text = readFileSync(DATA + SAMPLE[f.id]!, 'utf8');
    return { id: f.id, doc: f.syntax === 'json' ? (JSON.parse(text) as unknown) : text };
  });
  for (const f of feedFormats) {
    assert.ok(existsSync(new URL(`./${FOLDER[f.id]}.format.test.ts`, import.meta.url)), `${f.id} has a test`);
    for (const d of docs) assert.equal(f.sniff(d.doc), f.id === d.id, `${f.id} sniffing the ${d.id} sample`);
  }
});
