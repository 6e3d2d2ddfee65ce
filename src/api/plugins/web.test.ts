// The built dashboard is served at `/` with the same strict headers as the API; nothing else outside /api.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authHarness } from '../../../test/support/auth.js';

test('dashboard files at /, strict CSP, API still protected', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'mamori-web-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(root, 'assets/app.js'), 'console.log(1)');
  const h = await authHarness({ users: false, deps: { webRoot: root } });
  t.after(() => h.close());
  const index = await h.app.inject({ url: '/' });
  assert.equal(index.statusCode, 200);
  assert.match(String(index.headers['content-type']), /text\/html/);
  const csp = String(index.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'(;|$)/, 'no inline or remote scripts');
  assert.match(csp, /object-src 'none'/);
  assert.equal(index.headers['x-frame-options'], 'SAMEORIGIN');
  assert.equal((await h.app.inject({ url: '/assets/app.js' })).statusCode, 200);
  assert.equal((await h.app.inject({ url: '/no-such-file.js' })).statusCode, 404);
  assert.equal((await h.app.inject({ url: '/../../etc/passwd' })).statusCode, 404, 'no path traversal');
  assert.equal((await h.app.inject({ url: '/api/no-such-route' })).statusCode, 401, 'unknown API paths do not reveal themselves to anonymous callers');
});
