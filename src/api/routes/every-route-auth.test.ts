// Every route under /api — including routes other areas add later — refuses an anonymous request (401)
// and a request from a role below the one it needs (403). Built from the live route table, so a new
// route is covered without editing this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authHarness, bearer, login } from '../../../test/support/auth.js';
import { ROLES, roleRank, type Role } from '../../auth/roles.js';
import { isApiUrl } from '../plugins/auth.js';

const concrete = (url: string) => url.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x');
const below = (level: string): Role[] => ROLES.filter((r) => level !== 'public' && roleRank(r) < roleRank(level as Role));

test('every /api route refuses anonymous and wrong-role callers', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  const routes = h.app.routeAuthTable.filter((r) => isApiUrl(r.url));
  assert.ok(routes.length >= 10, `expected the route table to list the API, got ${routes.length}`);
  // Sanity check that the table is the live one: every printed route path appears in it.
  const printed = h.app.printRoutes({ commonPrefix: false });
  for (const r of routes) assert.ok(printed.includes(r.url.replace(/^\/api/, '').split('/').pop() ?? ''), `${r.url} not in printRoutes`);

  const publicRoutes: string[] = [];
  for (const r of routes) {
    const url = concrete(r.url);
    const name = `${r.method} ${r.url}`;
    if (r.level === 'public') {
      publicRoutes.push(name);
      continue;
    }
    const anon = await h.app.inject({ method: r.method as 'GET', url, payload: r.method === 'GET' || r.method === 'HEAD' ? undefined : {} });
    assert.equal(anon.statusCode, 401, `${name}: anonymous request gave ${anon.statusCode}`);

    const forged = await h.app.inject({ method: r.method as 'GET', url, headers: bearer('mmr_forgedtokenforgedtokenforgedtokenforgedtok') });
    assert.equal(forged.statusCode, 401, `${name}: unknown token gave ${forged.statusCode}`);

    for (const role of below(r.level)) {
      const res = await h.app.inject({ method: r.method as 'GET', url, headers: bearer(h.tokens[role]), payload: r.method === 'GET' || r.method === 'HEAD' ? undefined : {} });
      assert.equal(res.statusCode, 403, `${name}: ${role} (needs ${r.level}) gave ${res.statusCode}`);
    }
  }
  // Public routes are the short, reviewed list: anything else public is a mistake.
  const allowedPublic = new Set(['GET /api/health', 'HEAD /api/health', 'GET /api/auth/status', 'HEAD /api/auth/status', 'POST /api/auth/setup', 'POST /api/auth/login']);
  for (const p of publicRoutes) assert.ok(allowedPublic.has(p), `${p} is public but not on the reviewed list`);
});

test('mutating routes refuse a browser session that does not echo the CSRF token', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  const admin = await login(h.app, 'admin');
  const mutating = h.app.routeAuthTable.filter((r) => isApiUrl(r.url) && !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && r.level !== 'public');
  assert.ok(mutating.length > 0);
  for (const r of mutating) {
    const url = concrete(r.url);
    const noHeader = await h.app.inject({ method: r.method as 'POST', url, headers: admin.headers(false), payload: {} });
    assert.equal(noHeader.statusCode, 403, `${r.method} ${r.url} without x-csrf-token gave ${noHeader.statusCode}`);
    const wrong = await h.app.inject({ method: r.method as 'POST', url, headers: { ...admin.headers(false), 'x-csrf-token': 'not-the-token' }, payload: {} });
    assert.equal(wrong.statusCode, 403, `${r.method} ${r.url} with a wrong x-csrf-token gave ${wrong.statusCode}`);
  }
});

test('a route with a misspelt auth level fails at startup', async () => {
  const { buildApp } = await import('../app.js');
  const { openStore } = await import('../../db/open.js');
  const { testConfig } = await import('../../../test/support/auth.js');
  const store = await openStore('sqlite::memory:');
  const app = await buildApp({ store, config: testConfig(), webRoot: false });
  assert.throws(() => app.get('/api/oops', { config: { auth: 'admn' as never } }, async () => 'x'), /config\.auth must be one of/);
  await app.close();
  await store.close();
});
