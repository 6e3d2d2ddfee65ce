import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test/support/dialects.js';
import { FIXED_NOW, seedReportData } from '../../test/support/report-fixture.js';
import { buildReportModel } from './model.js';
import { scopeOf } from '../auth/site-scope.js';

const SHARED = process.env.MAMORI_SHARED_DATA ?? new URL('../../../shared/data', import.meta.url).pathname;

for (const d of dialects()) {
  test(`[${d.name}] report model from the demo plant`, async (t) => {
    const store = await d.open();
    t.after(() => store.close());
    const seeded = await seedReportData(store);
    const m = await buildReportModel(store, { lang: 'en', now: FIXED_NOW });
    assert.equal(m.headline.assets, seeded.assets);
    assert.equal(m.meta.generatedAt, FIXED_NOW.toISOString());
    const openCount = seeded.findings - 1; // one fixed
    assert.equal(m.headline.openFindings, openCount);
    assert.equal(m.headline.bySeverity?.critical, m.topRisks.find((r) => r.checkId === 'telnet-cleartext')?.findings ?? 0);
    assert.ok((m.headline.exposedAssets ?? 0) > 0);
    assert.equal(m.topRisks[0]?.kev, m.headline.kevAssets! > 0, 'KEV risks come first');
    assert.ok(m.actions.every((a, i, all) => i === 0 || (all[i - 1]!.dueAt ?? '9') <= (a.dueAt ?? '9')), 'actions sorted by due date');
    assert.equal(m.headline.overdueActions, m.actions.filter((a) => a.overdue).reduce((s, a) => s + a.assets, 0) > 0 ? m.headline.overdueActions : 0);
    assert.equal(m.trend.length, 8);
    assert.equal(m.trend.at(-1)!.assets, seeded.assets);
    assert.equal(m.trend.at(-1)!.openFindings, openCount);
    assert.equal(m.trend[0]!.assets, 0, 'demo devices were first seen 30 days ago');
    assert.equal(m.advisories, null, 'advisories not matched yet: null, never an empty "nothing affects us"');
    assert.equal(m.segments.it.assets + m.segments.ot.assets + m.segments.iot.assets + m.segments.miner.assets + m.segments.unknown.assets, seeded.assets);
    assert.ok(m.segments.ot.assets > 0 && m.segments.it.assets > 0);
    // Campaigns from open ports and stored results only: Mirai reaches every device with Telnet open.
    const telnet = (await store.db.selectFrom('services').select('asset_id').where('port', '=', 23).where('transport', '=', 'tcp').execute()).length;
    const mirai = m.campaigns.find((c) => c.id === 'mirai');
    assert.ok(telnet > 0);
    assert.equal(mirai?.exposed, telnet);
    assert.ok(m.campaigns.every((c) => c.infected + c.exploitable + c.exposed > 0), 'campaigns nobody is exposed to are left out');
  });
}

test('site scope narrows every number', async (t) => {
  const d = dialects()[0]!;
  const store = await d.open();
  t.after(() => store.close());
  await seedReportData(store);
  const all = await buildReportModel(store, { lang: 'ja', now: FIXED_NOW });
  const plant = await buildReportModel(store, { lang: 'ja', now: FIXED_NOW, scope: scopeOf({ userId: 'u', username: 'u', role: 'viewer', via: 'session', sites: ['kawasaki-plant'] }) });
  assert.deepEqual(plant.meta.sites, ['kawasaki-plant']);
  assert.deepEqual(plant.assetsBySite.map((s) => s.key), ['kawasaki-plant']);
  assert.ok(plant.headline.assets < all.headline.assets);
  // A scoped user asking for another site gets nothing, not that site.
  const foreign = await buildReportModel(store, { lang: 'ja', now: FIXED_NOW, sites: ['tokyo-hq'], scope: scopeOf({ userId: 'u', username: 'u', role: 'viewer', via: 'session', sites: ['kawasaki-plant'] }) });
  assert.equal(foreign.headline.assets, 0);
  assert.deepEqual(foreign.campaigns, [], 'no campaign for an empty scope');
});

test('empty store: findings "not assessed" is null, not zero', async (t) => {
  const store = await dialects()[0]!.open();
  t.after(() => store.close());
  await store.db.schema.dropTable('finding_events').ifExists().execute();
  await store.db.schema.dropTable('findings').ifExists().execute();
  const m = await buildReportModel(store, { lang: 'en', now: FIXED_NOW });
  assert.equal(m.headline.assets, 0);
  assert.equal(m.headline.openFindings, null);
  assert.equal(m.headline.bySeverity, null);
  assert.ok(m.coverage.some((c) => /not been assessed/.test(c)));
});

test('advisories that affect us: from imported CSAF, limited to the scope', async (t) => {
  const { AdvisoriesService } = await import('../services/advisories.service.js');
  const store = await dialects()[0]!.open();
  t.after(() => store.close());
  await seedReportData(store);
  const before = await buildReportModel(store, { lang: 'en', now: FIXED_NOW });
  assert.equal(before.advisories, null);
  await new AdvisoriesService(store).importPaths([SHARED + '/csaf/2023/icsa-23-257-01.json', SHARED + '/csaf/2023/icsa-23-012-08.json']);
  const m = await buildReportModel(store, { lang: 'en', now: FIXED_NOW });
  const adv = m.advisories ?? [];
  assert.deepEqual(adv.map((a) => [a.id, a.affectedAssets]), [['ICSA-23-257-01', 2], ['ICSA-23-012-08', 1]]);
  assert.ok(m.headline.exposedAssets! >= before.headline.exposedAssets!, 'affected devices count as exposed');
  assert.ok(!m.coverage.some((c) => /advisories/i.test(c)));
  const hq = await buildReportModel(store, { lang: 'en', now: FIXED_NOW, sites: ['tokyo-hq'] });
  assert.deepEqual(hq.advisories, [], 'head office: advisories assessed, none affect it');
});
