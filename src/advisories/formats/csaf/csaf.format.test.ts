import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDocument } from '../index.js';
import { csafFormat } from './csaf.format.js';
import { validateCsaf } from './csaf-validate.js';
import type { NormalizedAdvisory } from '../types.js';
import { inSpec } from '../../matching/ranges.js';

const DATA = new URL('../../../../../shared/data/csaf/', import.meta.url).pathname;
const files = ['2023', 'extra'].flatMap((d) => readdirSync(join(DATA, d)).filter((f) => f.endsWith('.json')).map((f) => join(DATA, d, f)));

function advisoryOf(file: string): NormalizedAdvisory {
  const { format, doc } = decodeDocument(readFileSync(file), file);
  assert.equal(format.id, 'csaf-2.0', file);
  const recs = [...format.parse(doc, { receivedAt: '2026-01-01T00:00:00Z' })];
  const errors = recs.filter((r) => r.kind === 'issue' && r.level === 'error');
  assert.deepEqual(errors, [], file);
  const adv = recs.find((r) => r.kind === 'advisory');
  assert.ok(adv && adv.kind === 'advisory', file);
  return adv.advisory;
}

test('every CSAF document in shared/data parses and validates (schema + mandatory tests)', async () => {
  assert.ok(files.length >= 384, `found ${files.length} files`);
  let leaves = 0;
  const invalid: string[] = [];
  for (const f of files) {
    const adv = advisoryOf(f);
    assert.match(adv.source.id, /^ICS(M)?A-\d\d-\d{3}-\d\d/, f);
    leaves += adv.vulnerabilities.reduce((n, v) => n + v.rules.length, 0);
    const { valid, problems } = await validateCsaf(JSON.parse(readFileSync(f, 'utf8')));
    if (!valid) {
      assert.ok(problems.length > 0, 'an invalid document comes with reasons');
      invalid.push(`${f}: ${problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
    }
  }
  assert.deepEqual(invalid, [], 'the CISA 2023 set is valid CSAF 2.0');
  assert.ok(leaves > 1500);
});

test('hand-checked: ICSA-23-229-04 Walchem Intuition 9 (< 4.21)', () => {
  const a = advisoryOf(join(DATA, '2023/icsa-23-229-04.json'));
  assert.equal(a.source.id, 'ICSA-23-229-04');
  assert.equal(a.revision, '1');
  assert.deepEqual(a.aliases, ['CVE-2023-32202', 'CVE-2023-38422']);
  const v = a.vulnerabilities.find((x) => x.cve === 'CVE-2023-38422')!;
  assert.equal(v.cvss[0]!.baseScore, 7.5);
  assert.deepEqual(v.cwes, ['CWE-306']);
  assert.equal(v.rules.length, 1);
  const r = v.rules[0]!;
  assert.equal(r.vendor, 'Walchem');
  assert.equal(r.product, 'Intuition 9');
  assert.equal(r.status, 'affected');
  assert.equal(r.versionText, '< 4.21');
  assert.equal(inSpec('v4.20', r.versions), 'in');
  assert.equal(inSpec('v4.21', r.versions), 'above');
  assert.equal(v.remediations[0]!.category, 'vendor-fix');
});

test('hand-checked: ICSA-23-103-05 Siemens SCALANCE model numbers and vers: ranges', () => {
  const a = advisoryOf(join(DATA, '2023/icsa-23-103-05.json'));
  const rule = a.vulnerabilities[0]!.rules.find((r) => r.ref === 'CSAFPID-0001')!;
  assert.equal(rule.vendor, 'Siemens');
  assert.deepEqual(rule.modelNumbers, ['6GK5200-4AH00-2BA3']);
  assert.equal(rule.versionText, 'vers:all/<V5.5.2');
  assert.equal(inSpec('V5.5.1', rule.versions), 'in');
  assert.equal(inSpec('V5.5.2', rule.versions), 'above');
});

test('hand-checked: ICSA-23-243-04 Digi RealPort affected and not-affected products; vendor name trimmed', () => {
  const a = advisoryOf(join(DATA, '2023/icsa-23-243-04.json'));
  const v = a.vulnerabilities.find((x) => x.cve === 'CVE-2023-4299')!;
  const byProduct = new Map(v.rules.map((r) => [r.product, r]));
  assert.equal(byProduct.get('Digi 6350-SR')!.status, 'not-affected');
  assert.equal(byProduct.get('Digi ConnectCore 8X products')!.status, 'not-affected');
  assert.equal(byProduct.get('Digi One SP IA')!.status, 'affected');
  assert.equal(byProduct.get('Digi One SP IA')!.versions.kind, 'all');
  assert.equal(byProduct.get('Digi RealPort for Windows')!.vendor, 'Digi International, Inc.');
  assert.equal(inSpec('4.8.488.0', byProduct.get('Digi RealPort for Windows')!.versions), 'in');
  assert.equal(inSpec('4.8.489', byProduct.get('Digi RealPort for Windows')!.versions), 'above');
});

test('hand-checked: ICSMA-18-058-02 Philips IntelliSpace Portal cites the six EternalBlue CVEs', () => {
  const a = advisoryOf(join(DATA, 'extra/icsma-18-058-02.json'));
  for (const c of ['CVE-2017-0143', 'CVE-2017-0144', 'CVE-2017-0145', 'CVE-2017-0146', 'CVE-2017-0148']) assert.ok(a.aliases.includes(c), c);
  assert.equal(a.vulnerabilities.find((v) => v.cve === 'CVE-2017-0144')!.rules[0]!.vendor, 'Phillips');
});

test('relationships make firmware-on-hardware rules; helper ids are read', () => {
  const doc = JSON.parse(readFileSync(new URL('./fixtures/relationship-firmware-on-hardware.json', import.meta.url), 'utf8'));
  const recs = [...csafFormat.parse(doc, { receivedAt: 'x' })];
  const adv = recs.find((r) => r.kind === 'advisory');
  assert.ok(adv?.kind === 'advisory');
  const rules = adv.advisory.vulnerabilities[0]!.rules;
  const combined = rules.find((r) => r.ref === 'CSAFPID-FW-ON-HW')!;
  assert.equal(combined.product, 'SIMATIC S7-1500 CPU firmware');
  assert.equal(combined.platform?.product, 'SIMATIC S7-1500 CPU 1516-3 PN/DP');
  assert.deepEqual(combined.platform?.modelNumbers, ['6ES7516-3AN02-0AB0']);
  assert.equal(rules.find((r) => r.ref === 'CSAFPID-FIXED')!.status, 'fixed');
  assert.equal(rules.find((r) => r.ref === 'CSAFPID-CPE')!.cpe, 'cpe:2.3:a:example:gateway:*:*:*:*:*:*:*:*');
  assert.ok(recs.some((r) => r.kind === 'issue' && r.message.includes('unknown product id CSAFPID-NOPE')));
});

test('invalid CSAF is reported with the validator reasons and JSON pointers', async () => {
  const doc = JSON.parse(readFileSync(join(DATA, '2023/icsa-23-229-04.json'), 'utf8'));
  delete doc.document.title;
  doc.vulnerabilities[0].product_status.known_affected.push('CSAFPID-9999');
  const { valid, problems } = await validateCsaf(doc);
  assert.equal(valid, false);
  assert.ok(problems.some((p) => p.pointer === '/document' && /title/.test(p.message)), JSON.stringify(problems));
  assert.ok(problems.some((p) => p.pointer.startsWith('/vulnerabilities/0/product_status/known_affected')), JSON.stringify(problems));
});
