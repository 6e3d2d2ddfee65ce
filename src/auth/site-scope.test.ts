import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../db/open.js';
import { assertSiteAllowed, narrowSites, scopeOf, siteAllowed, whereSiteIn } from './site-scope.js';
import type { Principal } from './principal.js';

const p = (sites: string[] | null): Principal => ({ userId: 'u', username: 'u', role: 'viewer', sites, via: 'session' });

test('scope of an unscoped user is every site; of a scoped user, its sites; of nobody, nothing', () => {
  assert.equal(scopeOf(p(null)).all, true);
  assert.deepEqual(scopeOf(p(['plant-a'])), { all: false, sites: ['plant-a'] });
  assert.deepEqual(scopeOf(null), { all: false, sites: [] });
});

test('siteAllowed: scoped users never see site-less rows', () => {
  const a = scopeOf(p(['plant-a']));
  assert.equal(siteAllowed(a, 'plant-a'), true);
  assert.equal(siteAllowed(a, 'plant-b'), false);
  assert.equal(siteAllowed(a, null), false);
  assert.equal(siteAllowed(scopeOf(p(null)), null), true);
  assert.throws(() => assertSiteAllowed(a, 'plant-b', 'asset'), /asset not found/);
});

test('narrowSites intersects a requested filter with the scope', () => {
  const a = scopeOf(p(['plant-a', 'plant-c']));
  assert.deepEqual(narrowSites(a, undefined), ['plant-a', 'plant-c']);
  assert.deepEqual(narrowSites(a, 'plant-b'), []);
  assert.deepEqual(narrowSites(a, ['plant-b', 'plant-c']), ['plant-c']);
  assert.equal(narrowSites(scopeOf(p(null)), ''), null);
  assert.deepEqual(narrowSites(scopeOf(p(null)), 'plant-b'), ['plant-b']);
});

test('whereSiteIn narrows SQL', async (t) => {
  const store = await openStore('sqlite::memory:');
  t.after(() => store.close());
  const now = new Date().toISOString();
  for (const [id, site] of [['a1', 'plant-a'], ['b1', 'plant-b'], ['n1', null]] as const) {
    await store.db.insertInto('assets').values({ id, site, first_seen: now, last_seen: now, updated_at: now } as never).execute();
  }
  const ids = async (sites: string[] | null) =>
    (await store.db.selectFrom('assets').select('id').where(whereSiteIn(scopeOf(p(sites)), 'assets.site')).orderBy('id').execute()).map((r) => r.id);
  assert.deepEqual(await ids(null), ['a1', 'b1', 'n1']);
  assert.deepEqual(await ids(['plant-a']), ['a1']);
  assert.deepEqual(await ids([]), []);
});
