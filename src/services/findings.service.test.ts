import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test/support/dialects.js';
import { FindingsService, type ObservedProblem } from './findings.service.js';
import { kevFromDocument } from '../findings/kev.js';
import { fingerprint } from '../findings/finding.js';

const asset = { id: 'a1', name: 'plc-1', hostnames: ['plc-1'], ips: ['127.0.5.1'] };
const svc = { transport: 'tcp' as const, port: 445 };
const problem = (over: Partial<ObservedProblem> = {}): ObservedProblem => ({
  checkId: 'smbv1-enabled',
  asset,
  service: svc,
  discriminator: null,
  verdict: 'exposed',
  confidence: 'confirmed',
  severity: 'high',
  title: 'SMBv1 accepted',
  summary: 'server chose NT LM 0.12',
  evidence: [{ label: 'dialect', excerpt: 'NT LM 0.12' }],
  transcript: [],
  references: ['CVE-2017-0144'],
  data: {},
  ...over,
});
const scope = { checkId: 'smbv1-enabled', asset, service: svc };
const kev = kevFromDocument({ vulnerabilities: [{ cveID: 'CVE-2017-0144', dueDate: '2022-08-10', knownRansomwareCampaignUse: 'Known' }] });

for (const d of dialects()) {
  test(`${d.name}: findings lifecycle survives re-scans (open → fixed → reopened; accepted until expiry)`, async (t) => {
    const store = await d.open();
    t.after(() => store.close());
    let clock = new Date('2026-01-10T00:00:00Z');
    const svcF = new FindingsService(store, { now: () => clock, kev });

    assert.deepEqual(await svcF.observe(scope, [problem()], true), { opened: 1, reopened: 0, fixed: 0, updated: 0 });
    let [f] = await svcF.list();
    assert.ok(f);
    assert.equal(f.status, 'open');
    assert.equal(f.fingerprint, fingerprint({ checkId: 'smbv1-enabled', assetId: 'a1', service: svc, discriminator: null }));
    assert.equal(f.dueAt, '2022-08-10', 'KEV due date applies');
    assert.equal(f.dueSource, 'kev');
    assert.deepEqual(f.asset, asset);

    // Same problem again: no duplicate, no status change.
    clock = new Date('2026-01-11T00:00:00Z');
    await svcF.observe(scope, [problem()], true);
    assert.equal((await svcF.list()).length, 1);

    // An unknown re-check closes nothing.
    await svcF.observe(scope, [], false);
    assert.equal((await svcF.list())[0]?.status, 'open');

    // Passed: fixed automatically.
    assert.equal((await svcF.observe(scope, [], true)).fixed, 1);
    assert.equal((await svcF.list())[0]?.status, 'fixed');

    // Back again: reopened.
    clock = new Date('2026-01-12T00:00:00Z');
    assert.equal((await svcF.observe(scope, [problem()], true)).reopened, 1);
    f = (await svcF.list())[0]!;
    assert.equal(f.status, 'reopened');

    // Accepted, re-seen before expiry: stays accepted.
    await svcF.accept(f.id, { control: 'SMB blocked at the cell firewall', approver: 'plant manager', expiresAt: '2026-03-01', actor: 'alice' });
    clock = new Date('2026-02-01T00:00:00Z');
    await svcF.observe(scope, [problem()], true);
    assert.equal((await svcF.list())[0]?.status, 'accepted');

    // After expiry: back to work.
    clock = new Date('2026-03-02T00:00:00Z');
    assert.equal((await svcF.list())[0]?.status, 'reopened');

    const { events } = await svcF.get(f.id.slice(0, 8));
    assert.deepEqual(
      events.map((e) => `${e.type}:${e.fromStatus ?? '-'}>${e.toStatus ?? '-'}`),
      ['opened:->open', 'fixed:open>fixed', 'reopened:fixed>reopened', 'accepted:reopened>accepted', 'acceptance-expired:accepted>reopened'],
    );
    assert.equal(events[3]?.actor, 'alice');
  });

  test(`${d.name}: assignment, acceptance validation, discriminators and gone services`, async (t) => {
    const store = await d.open();
    t.after(() => store.close());
    const clock = new Date('2026-01-10T00:00:00Z');
    const s = new FindingsService(store, { now: () => clock, kev });
    const ports = { checkId: 'unnecessary-ports', asset, service: null };
    await s.observe(ports, [
      problem({ checkId: 'unnecessary-ports', service: null, discriminator: 'tcp/23', references: [], severity: 'medium' }),
      problem({ checkId: 'unnecessary-ports', service: null, discriminator: 'tcp/5900', references: [], severity: 'medium' }),
    ], true);
    let list = await s.list({ checkId: 'unnecessary-ports' });
    assert.equal(list.length, 2);
    assert.equal(list[0]?.dueAt, '2026-04-10', 'medium SLA is 90 days');
    // One violation gone, the other stays.
    await s.observe(ports, [problem({ checkId: 'unnecessary-ports', service: null, discriminator: 'tcp/23', references: [], severity: 'medium' })], true);
    list = await s.list({ checkId: 'unnecessary-ports' });
    assert.deepEqual(list.map((f) => `${f.discriminator}:${f.status}`).sort(), ['tcp/23:open', 'tcp/5900:fixed']);

    const f = list.find((x) => x.discriminator === 'tcp/23')!;
    const a = await s.assign(f.id, { team: 'OT', assignee: 'bob', actor: 'alice' });
    assert.equal(a.team, 'OT');
    assert.equal(a.dueSource, 'sla');
    const m = await s.assign(f.id, { team: 'IT', due: '2026-02-01', actor: 'alice' });
    assert.equal(m.dueAt, '2026-02-01');
    assert.equal(m.dueSource, 'manual');
    await assert.rejects(s.assign(f.id, { team: 'Ops', actor: 'x' }), /team must be IT or OT/);
    await assert.rejects(s.accept(f.id, { control: '', approver: 'x', expiresAt: '2020-01-01', actor: 'x' }), (e: Error) => /control/.test(e.message) && /not in the future/.test(e.message));
    await assert.rejects(s.get('nope'), /no finding/);

    // A service-level finding whose service vanished from the inventory is fixed.
    await s.observe(scope, [problem()], true);
    assert.equal(await s.closeForGoneServices('a1', ['smbv1-enabled'], new Set(['tcp/22'])), 1);
    assert.equal((await s.list({ checkId: 'smbv1-enabled' }))[0]?.status, 'fixed');
    await assert.rejects(s.reopen(f.id, { actor: 'x' }), /already open/);
  });
}

for (const d of dialects()) {
  test(`${d.name}: KEV due date from entries imported into the store`, async (t) => {
    const store = await d.open();
    t.after(() => store.close());
    const { kevFromStore } = await import('../findings/kev.js');
    await store.db.insertInto('kev_entries').values({
      cve: 'CVE-2017-0144', asserter: 'cisa', vendor: 'Microsoft', product: 'SMBv1', name: 'SMBv1 RCE', added_at: '2022-02-10', due_at: '2022-08-10',
      required_action: 'Apply updates', known_ransomware: 1, catalog_version: '2025.07.20', imported_at: '2026-01-01T00:00:00Z',
    } as never).execute();
    const lookup = await kevFromStore(store.db, ['CVE-2017-0144', 'CVE-2017-0145', 'T0866']);
    assert.deepEqual(lookup('CVE-2017-0144'), { dueDate: '2022-08-10', ransomware: true });
    assert.equal(lookup('CVE-2017-0145'), null);
    const s = new FindingsService(store, { now: () => new Date('2026-01-10T00:00:00Z'), kev: lookup });
    await s.observe(scope, [problem()], true);
    const [f] = await s.list();
    assert.equal(f?.dueAt, '2022-08-10');
    assert.equal(f?.dueSource, 'kev');
  });
}
