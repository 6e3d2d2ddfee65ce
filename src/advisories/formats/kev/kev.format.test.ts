import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeDocument } from '../index.js';
import type { KevAssertion } from '../types.js';

const DATA = new URL('../../../../../shared/data/kev/', import.meta.url).pathname;
function load(file: string): { id: string; list: KevAssertion[] } {
  const d = decodeDocument(readFileSync(DATA + file), file);
  const list = [...d.format.parse(d.doc, { receivedAt: 'x' })].flatMap((r) => (r.kind === 'kev' ? [r.assertion] : []));
  return { id: d.format.id, list };
}

test('KEV JSON and CSV give the same 1404 flags; ransomware Known → true, Unknown → null', () => {
  const json = load('known_exploited_vulnerabilities.json');
  const csv = load('known_exploited_vulnerabilities.csv');
  assert.equal(json.id, 'cisa-kev');
  assert.equal(csv.id, 'cisa-kev-csv');
  assert.equal(json.list.length, 1404);
  assert.equal(csv.list.length, 1404);
  assert.equal(json.list.filter((k) => k.knownRansomware === true).length, 293);
  const strip = ({ catalogVersion: _c, ...k }: KevAssertion) => k;
  assert.deepEqual(csv.list.map(strip), json.list.map(strip));
  const eb = json.list.find((k) => k.vulnId === 'CVE-2017-0144')!;
  assert.equal(eb.knownRansomware, true);
  assert.equal(eb.addedAt, '2022-02-10');
  assert.equal(eb.catalogVersion, '2025.08.25');
  assert.equal(json.list.find((k) => k.vulnId === 'CVE-2025-48384')!.knownRansomware, null);
  assert.equal(json.list.find((k) => k.vulnId === 'CVE-2017-17215'), undefined, 'not in this catalog version');
});

test('the older snapshot is 22 entries shorter (for what-is-new tests)', () => {
  const old = load('history/2025.07.20/known_exploited_vulnerabilities.json');
  assert.equal(old.list.length, 1382);
});
