import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authHarness, bearer } from '../../../test/support/auth.js';
import { loadDemoInventory } from '../../services/demo.service.js';

const fx = (n: string) => join(import.meta.dirname, '..', '..', 'imports', 'fixtures', n);

test('assets API: list with filters and paging, detail, facets', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  await loadDemoInventory(h.store);
  const auth = bearer(h.tokens.viewer);
  const all = await h.app.inject({ url: '/api/assets?limit=5', headers: auth });
  assert.equal(all.statusCode, 200);
  const page = all.json();
  assert.equal(page.items.length, 5);
  assert.ok(page.total > 25);
  const plcs = (await h.app.inject({ url: '/api/assets?class=ot&kind=plc&sort=name', headers: auth })).json();
  assert.ok(plcs.items.length >= 4);
  assert.ok(plcs.items.every((a: { kind: string }) => a.kind === 'plc'));
  const search = (await h.app.inject({ url: `/api/assets?q=${encodeURIComponent('siemens 1214c')}`, headers: auth })).json();
  assert.equal(search.total, 1);
  const detail = await h.app.inject({ url: '/api/assets/plc-line1', headers: auth });
  assert.equal(detail.json().firmware.version, 'V4.2.1');
  assert.equal(detail.json().history[0].change, 'created');
  const bad = await h.app.inject({ url: '/api/assets?limit=0', headers: auth });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'E_INPUT_INVALID');
  const facets = (await h.app.inject({ url: '/api/assets/facets', headers: auth })).json();
  assert.ok(facets.class.some((f: { value: string; count: number }) => f.value === 'miner' && f.count === 1));
  const missing = await h.app.inject({ url: '/api/assets/nope-nope', headers: auth });
  assert.equal(missing.statusCode, 404);
});

test('assets API: add, edit (manual wins), history, remove; viewers cannot write', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  const analyst = bearer(h.tokens.analyst);
  const denied = await h.app.inject({ method: 'POST', url: '/api/assets', headers: bearer(h.tokens.viewer), payload: { ips: ['127.0.9.1'] } });
  assert.equal(denied.statusCode, 403);
  const created = await h.app.inject({ method: 'POST', url: '/api/assets', headers: analyst, payload: { ips: ['127.0.9.1'], hostnames: ['hmi-9'], vendor: 'Pro-face' } });
  assert.equal(created.statusCode, 201);
  const id = created.json().id;
  const invalid = await h.app.inject({ method: 'PATCH', url: `/api/assets/${id}`, headers: analyst, payload: { criticality: 7 } });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.json().error.message, /criticality/);
  const edited = await h.app.inject({ method: 'PATCH', url: `/api/assets/${id}`, headers: analyst, payload: { zone: 'plant-control', criticality: 4 } });
  assert.equal(edited.json().zone, 'plant-control');
  const hist = (await h.app.inject({ url: `/api/assets/${id}/history`, headers: analyst })).json();
  assert.deepEqual(hist.map((e: { field: string | null }) => e.field), [null, 'zone', 'criticality']);
  const del = await h.app.inject({ method: 'DELETE', url: `/api/assets/${id}`, headers: analyst });
  assert.equal(del.json().removed, id);
});

test('imports API: Shift_JIS CSV upload, bad file names line and column and writes nothing', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  const analyst = bearer(h.tokens.analyst);
  const ok = await h.app.inject({
    method: 'POST', url: '/api/imports?filename=plant.csv', headers: { ...analyst, 'content-type': 'text/csv' },
    payload: readFileSync(fx('excel-shift_jis-japanese-headers.csv')),
  });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().created, 3);
  const bad = await h.app.inject({
    method: 'POST', url: '/api/imports?filename=bad.csv', headers: { ...analyst, 'content-type': 'text/csv' }, payload: readFileSync(fx('malformed.csv')),
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details.problems[0].line, 3);
  const total = (await h.app.inject({ url: '/api/assets', headers: analyst })).json().total;
  assert.equal(total, 3);
});

test('site-scoped users see only their sites', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  await loadDemoInventory(h.store);
  await h.service.createUser({ username: 'plant-eng', password: 'correct horse battery', role: 'analyst', sites: ['kawasaki-plant'] });
  const tok = (await h.service.createToken('plant-eng', { name: 'x' })).token;
  const list = (await h.app.inject({ url: '/api/assets?limit=1000', headers: bearer(tok) })).json();
  assert.ok(list.total > 0);
  assert.ok(list.items.every((a: { site: string }) => a.site === 'kawasaki-plant'));
  const hq = await h.app.inject({ url: '/api/assets/fs01.hq.example.co.jp', headers: bearer(tok) });
  assert.equal(hq.statusCode, 404);
});
