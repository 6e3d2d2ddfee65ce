import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { authHarness, bearer } from '../../../test/support/auth.js';
import { InventoryService } from '../../services/inventory.service.js';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;

test('advisories API: upload (admin), affected, vulns filters, decisions; viewers read; site scoping; bad upload is a 400 naming the file', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  const inv = new InventoryService(h.store);
  await inv.ingest(
    [
      { name: 'chem-1', ips: ['127.0.52.1'], vendor: 'Walchem', model: 'Intuition 9', firmware: { version: 'v4.20' }, class: 'ot', site: 'plant-a', zone: 'cell-1' },
      { name: 'chem-2', ips: ['127.0.52.2'], vendor: 'Walchem', model: 'Intuition 9', firmware: { version: '3.9' }, class: 'ot', site: 'plant-b' },
    ],
    { source: 'test' },
  );
  const admin = bearer(h.tokens.admin);
  const analyst = bearer(h.tokens.analyst);
  const viewer = bearer(h.tokens.viewer);
  const documents = [
    { name: 'icsa-23-229-04.json', content: readFileSync(DATA + 'csaf/2023/icsa-23-229-04.json', 'utf8') },
    { name: 'kev.csv', content: readFileSync(DATA + 'kev/known_exploited_vulnerabilities.csv', 'utf8') },
  ];
  assert.equal((await h.app.inject({ method: 'POST', url: '/api/advisories/import', headers: analyst, payload: { documents } })).statusCode, 403);
  const up = await h.app.inject({ method: 'POST', url: '/api/advisories/import', headers: admin, payload: { documents } });
  assert.equal(up.statusCode, 200, up.body);
  assert.deepEqual(up.json().advisories, { new: 1, updated: 0, unchanged: 0 });
  assert.equal(up.json().kevEntries, 1404);

  const bad = await h.app.inject({ method: 'POST', url: '/api/advisories/import', headers: admin, payload: { documents: [{ name: 'cut.json', content: documents[0]!.content.slice(0, 500) }] } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message, /^cut\.json:\d+:\d+: invalid JSON/);

  const aff = await h.app.inject({ url: '/api/affected/CVE-2023-38422', headers: viewer });
  assert.equal(aff.statusCode, 200, aff.body);
  const rows = aff.json() as { asset: { ips: string[]; hostnames: string[] }; advisory: { id: string }; cve: string; verdict: string; reasons: string[] }[];
  assert.deepEqual(rows.map((r) => [r.asset.ips[0], r.advisory.id, r.cve, r.verdict]).sort(), [['127.0.52.1', 'ICSA-23-229-04', 'CVE-2023-38422', 'affected'], ['127.0.52.2', 'ICSA-23-229-04', 'CVE-2023-38422', 'affected']]);
  assert.ok(rows.every((r) => r.reasons.length));
  assert.equal((await h.app.inject({ url: '/api/affected/JVNDB-2099-000001', headers: viewer })).statusCode, 404);

  const zone = (await h.app.inject({ url: '/api/vulns?zone=cell-1', headers: viewer })).json() as { asset: { ips: string[] } }[];
  assert.deepEqual([...new Set(zone.map((m) => m.asset.ips[0]))], ['127.0.52.1']);
  assert.equal((await h.app.inject({ url: '/api/vulns?kev=true', headers: viewer })).json().length, 0);

  assert.equal((await h.app.inject({ method: 'POST', url: '/api/vulns/decisions', headers: viewer, payload: { asset: 'chem-1', vuln: 'CVE-2023-38422', decision: 'mitigated', reason: 'x' } })).statusCode, 403);
  const dec = await h.app.inject({ method: 'POST', url: '/api/vulns/decisions', headers: analyst, payload: { asset: '127.0.52.1', vuln: 'CVE-2023-38422', decision: 'false-positive', reason: 'not an Intuition 9 after all' } });
  assert.equal(dec.statusCode, 200, dec.body);
  const open = (await h.app.inject({ url: '/api/vulns?asset=127.0.52.1', headers: viewer })).json() as { cve: string }[];
  assert.deepEqual(open.map((m) => m.cve), ['CVE-2023-32202']);
  assert.equal((await h.app.inject({ method: 'POST', url: '/api/vulns/decisions', headers: analyst, payload: { asset: '127.0.52.1', vuln: 'CVE-2023-38422', decision: 'ignore', reason: 'x' } })).statusCode, 400);

  const scopedUser = await h.service.createUser({ username: 'plant-a-ops', password: 'correct horse battery', role: 'viewer', sites: ['plant-a'] });
  void scopedUser;
  const scopedToken = (await h.service.createToken('plant-a-ops', { name: 't' })).token;
  const scopedRows = (await h.app.inject({ url: '/api/affected/ICSA-23-229-04', headers: bearer(scopedToken) })).json() as { asset: { ips: string[] } }[];
  assert.deepEqual([...new Set(scopedRows.map((m) => m.asset.ips[0]))], ['127.0.52.1']);

  const feeds = (await h.app.inject({ url: '/api/advisories', headers: viewer })).json();
  assert.equal(feeds.kev.entries, 1404);
  assert.deepEqual(feeds.formats.map((f: { format: string }) => f.format), ['csaf-2.0']);
});
