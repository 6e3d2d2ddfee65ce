// Optional TLS: a user-supplied certificate makes the server speak HTTPS, mark cookies Secure and send HSTS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { openStore } from '../db/open.js';
import { AuthService } from '../auth/auth.service.js';
import { PASSWORD, TEST_SCRYPT, testConfig } from '../../test/support/auth.js';
import { tlsOptions } from './tls.js';

test('tlsCert and tlsKey must come together and be readable', () => {
  assert.equal(tlsOptions(testConfig()), null);
  assert.throws(() => tlsOptions(testConfig({ tlsCert: '/x.pem' })), /must be set together/);
  assert.throws(() => tlsOptions(testConfig({ tlsCert: '/nonexistent/c.pem', tlsKey: '/nonexistent/k.pem' })), /server\.tlsCert: cannot read \/nonexistent\/c\.pem/);
});

test('HTTPS with a self-signed certificate: Secure cookies and HSTS', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const store = await openStore('sqlite::memory:');
  await new AuthService(store.db, { scryptCost: TEST_SCRYPT }).createUser({ username: 'admin', password: PASSWORD, role: 'admin' });
  const app = await buildApp({ store, config: testConfig({ tlsCert: cert, tlsKey: key }), webRoot: false, auth: { scryptCost: TEST_SCRYPT } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(async () => {
    await app.close();
    await store.close();
  });
  const port = (app.server.address() as AddressInfo).port;
  const body = JSON.stringify({ username: 'admin', password: PASSWORD });
  const res = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/api/auth/login', method: 'POST', ca: readFileSync(cert), headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (r) => {
        r.resume();
        r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  assert.equal(res.status, 200);
  const cookies = [res.headers['set-cookie'] ?? []].flat();
  assert.ok(cookies.length === 2 && cookies.every((c) => /;\s*Secure/i.test(c)), `cookies not Secure: ${cookies.join(' | ')}`);
  assert.match(String(res.headers['strict-transport-security']), /max-age=\d+/);
});
