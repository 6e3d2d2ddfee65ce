import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { dialects } from '../../test/support/dialects.js';
import { InventoryService } from '../services/inventory.service.js';
import { listAssets } from '../db/repos/assets.repo.js';
import { FindingsService } from '../services/findings.service.js';
import { FindingsRepo } from '../db/repos/findings.repo.js';
import { allowedByGate, runChecks } from './runner.js';
import { checks } from './index.js';
import { defineCheck } from './types.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileScope } from '../net/scope.js';

const LAB_SCOPE = await compileScope([{ kind: 'include', spec: '127.0.5.0/24', ot: false }]);

test('safety gate: ot-safe runs S0–S2 only; S3 needs --credentials; S4 never', () => {
  assert.equal(allowedByGate('S2', 'ot-safe', false).ok, true);
  assert.deepEqual(allowedByGate('S3', 'normal', false), { ok: false, reason: 'needs-credentials' });
  assert.equal(allowedByGate('S3', 'normal', true).ok, true);
  assert.deepEqual(allowedByGate('S3', 'ot-safe', true), { ok: false, reason: 'disallowed-by-policy' });
  assert.deepEqual(allowedByGate('S4', 'normal', true), { ok: false, reason: 'disallowed-by-policy' });
  assert.equal(allowedByGate('S3', 'normal', true, { asset: true, optIn: false }).ok, false, 'OT assets need the second opt-in');
  assert.equal(allowedByGate('S3', 'normal', true, { asset: true, optIn: true }).ok, true);
  assert.equal(allowedByGate('S2', 'ot-safe', false, { asset: true, optIn: false }).ok, true);
});

test('registry: ids unique and kebab-case, ja+en texts, safety declared, nothing S4', () => {
  const ids = checks.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const c of checks) {
    assert.match(c.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const t of [c.title, c.description, c.remediation]) assert.ok(t.en && t.ja, c.id);
    assert.notEqual(c.safety, 'S4', c.id);
    assert.ok(c.references.length, c.id);
    const dir = join(import.meta.dirname, c.id);
    assert.ok(existsSync(join(dir, `${c.id}.check.ts`)), `${c.id}: folder and file name match the id`);
    assert.ok(readdirSync(dir).some((f) => f.endsWith('.test.ts')), `${c.id}: has a test file`);
  }
});

test('an S4 check never runs, whatever the profile and opt-ins', async () => {
  const { openStore } = await import('../db/open.js');
  const store = await openStore('sqlite::memory:');
  try {
    let ran = 0;
    const s4 = defineCheck({
      id: 'fake-write', title: { en: 't', ja: 't' }, description: { en: 'd', ja: 'd' }, remediation: { en: 'r', ja: 'r' },
      references: ['x'], severity: 'high', safety: 'S4', tags: [], services: [], level: 'asset', optionsSchema: z.object({}),
      selects: () => true,
      async run() {
        ran++;
        return { verdict: 'exploitable', confidence: 'confirmed', summary: 'x', evidence: [] };
      },
    });
    const { assetFixture } = await import('./check-context.js');
    const r = await runChecks(store, [assetFixture({ id: 'a', ips: ['127.0.5.1'] })], { scope: LAB_SCOPE, profile: 'normal', credentials: true, checks: [s4] });
    assert.equal(ran, 0);
    assert.deepEqual(r.outcomes.map((o) => o.result), [{ verdict: 'unknown', reason: 'disallowed-by-policy' }]);
  } finally {
    await store.close();
  }
});

for (const d of dialects()) {
  test(`${d.name}: runChecks stores results, opens findings, fixes them when the port closes, never runs S3 without opt-in`, async (t) => {
    const store = await d.open();
    t.after(() => store.close());
    let clock = new Date('2026-05-01T00:00:00Z');
    const inv = new InventoryService(store, { now: () => clock });
    await inv.ingest(
      [{ ips: ['127.0.5.9'], hostnames: ['hmi-1'], kind: 'hmi', class: 'ot', os: { name: 'Windows XP Professional', version: 'SP3' }, services: [{ port: 23 }, { port: 5900 }, { port: 502 }] }],
      { source: 'test' },
    );
    let ran = 0;
    const credCheck = defineCheck({
      id: 'fake-credentials', title: { en: 't', ja: 't' }, description: { en: 'd', ja: 'd' }, remediation: { en: 'r', ja: 'r' },
      references: ['x'], severity: 'high', safety: 'S3', tags: [], services: ['telnet'], level: 'service', optionsSchema: z.object({}),
      selects: (_a, s) => s?.port === 23,
      async run() {
        ran++;
        return { verdict: 'exploitable', confidence: 'confirmed', summary: 'x', evidence: [] };
      },
    });
    const all = [...checks, credCheck];
    const assets = await listAssets(store.db, {});
    const r1 = await runChecks(store, assets, { scope: LAB_SCOPE, profile: 'normal', credentials: false, checks: all, now: () => clock });
    assert.equal(ran, 0, 'S3 check must not run without --credentials');
    const unknown = r1.outcomes.find((o) => o.checkId === 'fake-credentials');
    assert.deepEqual(unknown?.result, { verdict: 'unknown', reason: 'needs-credentials' });
    const fs = new FindingsService(store, { now: () => clock });
    let open = await fs.list({ status: ['open'] });
    assert.deepEqual(open.map((f) => `${f.check.id}:${f.service?.port ?? '-'}:${f.discriminator}`).sort(), [
      'cleartext-login-ot:23:null',
      'end-of-life:-:windows-xp',
      'unnecessary-ports:23:no-telnet',
      'unnecessary-ports:5900:no-remote-desktop-on-ot-devices',
    ]);
    const results = await new FindingsRepo(store.db).results({ assetIds: [assets[0]!.id] });
    assert.ok(results.some((r) => r.check_id === 'fake-credentials' && r.verdict === 'unknown' && r.reason === 'needs-credentials'));

    // Telnet closed on the device: the inventory loses the service, the finding is fixed on the next run.
    clock = new Date('2026-05-02T00:00:00Z');
    await inv.closeServices(assets[0]!.id, [{ transport: 'tcp', port: 23 }], 'test');
    const r2 = await runChecks(store, await listAssets(store.db, {}), { scope: LAB_SCOPE, profile: 'normal', credentials: true, checks: all, now: () => clock });
    assert.equal(ran, 0, 'no telnet service left to try');
    assert.ok(r2.findings.fixed >= 1);
    open = await fs.list({ status: ['open'] });
    assert.equal(open.some((f) => f.service?.port === 23), false);
    assert.deepEqual((await fs.list({ status: ['fixed'] })).map((f) => f.check.id).sort(), ['cleartext-login-ot', 'unnecessary-ports']);
  });
}

test('findings opened by a run get the KEV due date stored by feeds import', async () => {
  const { openStore } = await import('../db/open.js');
  const { assetFixture } = await import('./check-context.js');
  const store = await openStore('sqlite::memory:');
  try {
    await store.db.insertInto('kev_entries').values({
      cve: 'CVE-2017-0144', asserter: 'cisa', vendor: 'Microsoft', product: 'SMBv1', name: 'x', added_at: '2022-02-10', due_at: '2022-08-10',
      required_action: null, known_ransomware: 1, catalog_version: null, imported_at: '2026-01-01T00:00:00Z',
    } as never).execute();
    const c = defineCheck({
      id: 'fake-smb', title: { en: 't', ja: 't' }, description: { en: 'd', ja: 'd' }, remediation: { en: 'r', ja: 'r' },
      references: ['CVE-2017-0144'], severity: 'high', safety: 'S0', tags: [], services: [], level: 'asset', optionsSchema: z.object({}),
      selects: () => true,
      async run() {
        return { verdict: 'exposed', confidence: 'confirmed', summary: 'x', evidence: [] };
      },
    });
    await runChecks(store, [assetFixture({ id: 'a', ips: ['127.0.5.1'] })], { scope: LAB_SCOPE, profile: 'ot-safe', credentials: false, checks: [c] });
    const [f] = await new FindingsService(store).list();
    assert.equal(f?.dueAt, '2022-08-10');
    assert.equal(f?.dueSource, 'kev');
  } finally {
    await store.close();
  }
});

test('checks that send traffic reach only the authorized scope; excluded addresses are never touched', async () => {
  const store = await dialects()[0]!.open();
  const { assetFixture } = await import('./check-context.js');
  try {
    const touched: string[] = [];
    const probe = defineCheck({
      id: 'fake-network', title: { en: 't', ja: 't' }, description: { en: 'd', ja: 'd' }, remediation: { en: 'r', ja: 'r' },
      references: [], severity: 'low', safety: 'S1', tags: [], services: [], level: 'asset', optionsSchema: z.object({}),
      selects: () => true,
      async run(ctx) {
        touched.push(ctx.host);
        return { verdict: 'not-affected' };
      },
    });
    const scope = await compileScope([
      { kind: 'include', spec: '127.0.5.0/24', ot: false },
      { kind: 'exclude', spec: '127.0.5.99', ot: false },
    ]);
    const r = await runChecks(store, [
      assetFixture({ id: 'in', ips: ['127.0.6.1', '127.0.5.7'] }),
      assetFixture({ id: 'out', ips: ['127.0.6.2'] }),
      assetFixture({ id: 'fragile', ips: ['127.0.5.99'] }),
    ], { scope, profile: 'normal', credentials: false, checks: [probe], concurrency: 1 });
    assert.deepEqual(touched, ['127.0.5.7'], 'only the in-scope address of the first asset was used');
    const byAsset = new Map(r.outcomes.map((o) => [o.asset.id, o.result]));
    assert.equal(byAsset.get('in')?.verdict, 'not-affected');
    for (const id of ['out', 'fragile']) {
      const res = byAsset.get(id);
      assert.equal(res?.verdict, 'unknown');
      assert.match((res as { reason: string }).reason, /outside the authorized scope/);
    }
  } finally {
    await store.close();
  }
});

test('an address inside an OT zone or an --ot scope range is OT for the gate and the checks, even before the asset has a zone', async () => {
  const store = await dialects()[0]!.open();
  const { assetFixture } = await import('./check-context.js');
  const { upsertZone } = await import('../db/repos/zones.repo.js');
  try {
    await upsertZone(store.db, { name: 'cell', kind: 'OT', purdueLevel: 1, site: null, cidrs: ['127.0.5.128/26'], description: null });
    const seen = new Map<string, string | null>();
    const zoneProbe = defineCheck({
      id: 'fake-zone', title: { en: 't', ja: 't' }, description: { en: 'd', ja: 'd' }, remediation: { en: 'r', ja: 'r' },
      references: ['x'], severity: 'low', safety: 'S0', tags: [], services: [], level: 'asset', optionsSchema: z.object({}),
      selects: () => true,
      async run(ctx) {
        seen.set(ctx.asset.id, ctx.zoneKind);
        return { verdict: 'not-affected' };
      },
    });
    let attempts = 0;
    const creds = defineCheck({
      id: 'fake-creds', title: { en: 't', ja: 't' }, description: { en: 'd', ja: 'd' }, remediation: { en: 'r', ja: 'r' },
      references: ['x'], severity: 'high', safety: 'S3', tags: [], services: [], level: 'asset', optionsSchema: z.object({}),
      selects: () => true,
      async run() {
        attempts++;
        return { verdict: 'not-affected' };
      },
    });
    const scope = await compileScope([
      { kind: 'include', spec: '127.0.5.0/24', ot: false },
      { kind: 'include', spec: '127.0.5.200/29', ot: true },
    ]);
    // A Windows HMI PC the scan found in the cell (class it, no zone yet), one in an --ot range, one office PC.
    const assets = [
      assetFixture({ id: 'hmi', ips: ['127.0.5.130'], class: 'it' }),
      assetFixture({ id: 'ot-range', ips: ['127.0.5.201'], class: 'it' }),
      assetFixture({ id: 'office', ips: ['127.0.5.10'], class: 'it' }),
    ];
    const r = await runChecks(store, assets, { scope, profile: 'normal', credentials: true, checks: [zoneProbe, creds], concurrency: 1 });
    assert.deepEqual(Object.fromEntries(seen), { hmi: 'OT', 'ot-range': 'OT', office: null });
    assert.equal(attempts, 1, 'credential attempts only on the office PC without --credentials-ot');
    const gated = r.outcomes.filter((o) => o.checkId === 'fake-creds' && o.result.verdict === 'unknown').map((o) => o.asset.id).sort();
    assert.deepEqual(gated, ['hmi', 'ot-range']);
  } finally {
    await store.close();
  }
});
