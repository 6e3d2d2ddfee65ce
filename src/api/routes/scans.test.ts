import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authHarness, bearer } from '../../../test/support/auth.js';
import { ScanLab } from '../../../test/support/scan-lab.js';

test('/api/scope and /api/scans: scope CRUD by admins, scans within the scope, status, results', { timeout: 60_000 }, async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  const lab = new ScanLab();
  t.after(() => lab.close());
  const s = await lab.listen('127.0.3.120', 'banner', { banner: 'SSH-2.0-OpenSSH_9.2p1\r\n' });
  const admin = bearer(h.tokens.admin);
  const analyst = bearer(h.tokens.analyst);

  let r = await h.app.inject({ method: 'POST', url: '/api/scope', headers: analyst, payload: { spec: '127.0.3.120/30' } });
  assert.equal(r.statusCode, 403);
  r = await h.app.inject({ method: 'POST', url: '/api/scope', headers: admin, payload: { spec: '127.0.3.120/30', note: 'lab' } });
  assert.equal(r.statusCode, 201, r.body);
  const entry = r.json();
  r = await h.app.inject({ method: 'POST', url: '/api/scope', headers: admin, payload: { spec: '127.0.3.999' } });
  assert.equal(r.statusCode, 400);
  assert.match(r.json().error.message, /127\.0\.3\.999/);
  r = await h.app.inject({ method: 'GET', url: '/api/scope', headers: bearer(h.tokens.viewer) });
  assert.deepEqual(r.json().map((e: { spec: string }) => e.spec), ['127.0.3.120/30']);

  r = await h.app.inject({ method: 'POST', url: '/api/scans', headers: analyst, payload: { targets: ['127.0.3.119-120'], ports: String(s.port) } });
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().error.code, 'E_OUT_OF_SCOPE');
  assert.match(r.json().error.message, /127\.0\.3\.119/);
  r = await h.app.inject({ method: 'POST', url: '/api/scans', headers: analyst, payload: { targets: ['@/etc/hosts'] } });
  assert.equal(r.statusCode, 400);
  r = await h.app.inject({ method: 'POST', url: '/api/scans', headers: analyst, payload: { targets: ['127.0.3.120'], allowOt: true } });
  assert.equal(r.statusCode, 403);

  r = await h.app.inject({ method: 'POST', url: '/api/scans', headers: analyst, payload: { targets: ['127.0.3.120-121'], ports: String(s.port), timeoutMs: 500 } });
  assert.equal(r.statusCode, 202, r.body);
  const { id, hosts } = r.json();
  assert.equal(hosts, 2);
  let status = '';
  for (let i = 0; i < 200 && status !== 'completed'; i++) {
    r = await h.app.inject({ method: 'GET', url: `/api/scans/${id}`, headers: bearer(h.tokens.viewer) });
    assert.equal(r.statusCode, 200, r.body);
    status = r.json().status;
    if (status === 'running') await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(status, 'completed');
  assert.equal(r.json().summary.openPorts, 1);
  r = await h.app.inject({ method: 'GET', url: `/api/scans/${id}/results`, headers: bearer(h.tokens.viewer) });
  const results = r.json();
  assert.equal(results.find((x: { ip: string }) => x.ip === '127.0.3.120').host.ports[0].service, 'ssh');
  r = await h.app.inject({ method: 'POST', url: `/api/scans/${id}/cancel`, headers: analyst });
  assert.equal(r.statusCode, 409);
  r = await h.app.inject({ method: 'GET', url: '/api/scans/s-nope', headers: analyst });
  assert.equal(r.statusCode, 404);
  r = await h.app.inject({ method: 'DELETE', url: `/api/scope/${entry.id}`, headers: admin });
  assert.equal(r.statusCode, 200);
  r = await h.app.inject({ method: 'GET', url: '/api/scope', headers: admin });
  assert.deepEqual(r.json(), []);
});
