import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authHarness, bearer } from '../../../test/support/auth.js';
import { FindingsService, type ObservedProblem } from '../../services/findings.service.js';
import { InventoryService } from '../../services/inventory.service.js';

test('findings API: list (documented fields), detail with audit trail, assign, accept, reopen; viewers read only', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  const inv = new InventoryService(h.store);
  const { assetIds } = await inv.ingest([{ ips: ['127.0.5.91'], hostnames: ['hmi-7'], services: [{ port: 5900, service: 'vnc' }] }], { source: 'test' });
  const asset = { id: assetIds[0]!, name: null, hostnames: ['hmi-7'], ips: ['127.0.5.91'] };
  const p: ObservedProblem = {
    checkId: 'anonymous-access', asset, service: { transport: 'tcp', port: 5900 }, discriminator: 'vnc-no-auth', verdict: 'exploitable', confidence: 'confirmed',
    severity: 'critical', title: 'Service open without authentication', summary: 'VNC offers None', evidence: [{ label: 'security types', excerpt: '1' }], transcript: [], references: ['T0822'], data: {},
  };
  await new FindingsService(h.store).observe({ checkId: 'anonymous-access', asset, service: p.service }, [p], true);
  const viewer = bearer(h.tokens.viewer);
  const analyst = bearer(h.tokens.analyst);

  const list = await h.app.inject({ url: '/api/findings', headers: viewer });
  assert.equal(list.statusCode, 200, list.body);
  const [f] = list.json() as { id: string; asset: { id: string; hostnames: string[]; ips: string[] }; service: { transport: string; port: number }; check: { id: string }; verdict: string; severity: string; title: string; status: string; evidence: unknown[] }[];
  assert.ok(f);
  assert.deepEqual({ ips: f.asset.ips, hostnames: f.asset.hostnames, service: f.service, check: f.check, verdict: f.verdict, severity: f.severity, status: f.status }, {
    ips: ['127.0.5.91'], hostnames: ['hmi-7'], service: { transport: 'tcp', port: 5900 }, check: { id: 'anonymous-access' }, verdict: 'exploitable', severity: 'critical', status: 'open',
  });
  assert.equal((await h.app.inject({ url: '/api/findings?severity=critical,high&status=open', headers: viewer })).json().length, 1);
  assert.equal((await h.app.inject({ url: '/api/findings?status=bogus', headers: viewer })).statusCode, 400);

  const denied = await h.app.inject({ method: 'POST', url: `/api/findings/${f.id}/assign`, headers: viewer, payload: { team: 'OT' } });
  assert.equal(denied.statusCode, 403);
  const assigned = await h.app.inject({ method: 'POST', url: `/api/findings/${f.id}/assign`, headers: analyst, payload: { team: 'OT', assignee: 'ot-team', due: '2026-12-31' } });
  assert.equal(assigned.statusCode, 200, assigned.body);
  assert.equal(assigned.json().dueSource, 'manual');
  const bad = await h.app.inject({ method: 'POST', url: `/api/findings/${f.id}/accept`, headers: analyst, payload: { control: 'VPN only', approver: 'cso' } });
  assert.equal(bad.statusCode, 400);
  const accepted = await h.app.inject({ method: 'POST', url: `/api/findings/${f.id}/accept`, headers: analyst, payload: { control: 'VNC reachable from the jump host only', approver: 'cso', expires: '2099-01-01' } });
  assert.equal(accepted.statusCode, 200, accepted.body);
  assert.equal(accepted.json().status, 'accepted');
  const reopened = await h.app.inject({ method: 'POST', url: `/api/findings/${f.id}/reopen`, headers: analyst, payload: { reason: 'jump host rule removed' } });
  assert.equal(reopened.json().status, 'reopened');
  const detail = (await h.app.inject({ url: `/api/findings/${f.id}`, headers: viewer })).json();
  assert.deepEqual(detail.events.map((e: { type: string }) => e.type), ['opened', 'assigned', 'accepted', 'reopened']);
  assert.ok(detail.events.slice(1).every((e: { actor: string }) => e.actor !== 'system' && e.actor !== 'api'), 'the logged-in user is the actor');
  assert.equal((await h.app.inject({ url: '/api/findings/000000000000', headers: viewer })).statusCode, 404);

  const campaigns = (await h.app.inject({ url: '/api/campaigns', headers: viewer })).json();
  assert.ok(campaigns.some((c: { id: string }) => c.id === 'wannacry'));
  const wc = await h.app.inject({ url: '/api/campaigns/wannacry', headers: viewer });
  assert.equal(wc.statusCode, 200, wc.body);
  assert.equal(wc.json().assets[0].verdict, 'not-affected');
  assert.equal((await h.app.inject({ url: '/api/campaigns/nope', headers: viewer })).statusCode, 404);

  const exp = await h.app.inject({ method: 'POST', url: '/api/miners/expectations', headers: analyst, payload: { wallet: '0x1111111111111111111111111111111111111111', pool: 'eth-eu1.nanopool.org:9999' } });
  assert.equal(exp.statusCode, 201, exp.body);
  assert.equal((await h.app.inject({ method: 'POST', url: '/api/miners/expectations', headers: analyst, payload: { note: 'x' } })).statusCode, 400);
});
