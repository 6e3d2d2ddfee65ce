// Sessions, CSRF, API tokens, first-run setup, login rate limiting, audit log and secure headers,
// through the real app (inject) on in-memory SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authHarness, bearer, login, PASSWORD } from '../../../test/support/auth.js';

function clock(start = '2026-01-05T09:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

test('first run: one-time setup token creates the first admin, then stops working', async (t) => {
  const h = await authHarness({ users: false });
  t.after(() => h.close());
  let r = await h.app.inject({ url: '/api/auth/status' });
  assert.deepEqual(r.json(), { setupRequired: true, authenticated: false });
  const token = await h.service.issueSetupToken();
  assert.ok(token);
  r = await h.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { setupToken: 'wrong', username: 'root', password: PASSWORD } });
  assert.equal(r.statusCode, 401);
  r = await h.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { setupToken: token, username: 'Root', password: 'short' } });
  assert.equal(r.statusCode, 400);
  assert.match(r.json().error.message, /at least 10 characters/);
  r = await h.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { setupToken: token, username: 'Root', password: PASSWORD } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().user.username, 'root');
  assert.equal(r.json().user.role, 'admin');
  const session = r.cookies.find((c) => c.name === 'mamori_session');
  assert.ok(session?.httpOnly, 'session cookie is HttpOnly');
  assert.equal(session?.sameSite, 'Strict');
  assert.equal(session?.secure, undefined, 'no Secure flag without TLS');
  const csrf = r.cookies.find((c) => c.name === 'mamori_csrf');
  assert.ok(csrf && !csrf.httpOnly);
  r = await h.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { setupToken: token, username: 'other', password: PASSWORD } });
  assert.equal(r.statusCode, 409);
  assert.equal(await h.service.issueSetupToken(), null, 'no new setup token once a user exists');
});

test('guessing the setup token is rate limited per client', async (t) => {
  const h = await authHarness({ users: false });
  t.after(() => h.close());
  const token = (await h.service.issueSetupToken())!;
  const attempt = (setupToken: string, ip: string) =>
    h.app.inject({ method: 'POST', url: '/api/auth/setup', remoteAddress: ip, payload: { setupToken, username: 'root', password: PASSWORD } });
  for (let i = 0; i < 5; i++) assert.equal((await attempt(`guess-${i}`, '127.0.9.9')).statusCode, 401);
  assert.equal((await attempt(token, '127.0.9.9')).statusCode, 429, 'the guessing client is locked out, even with the right token');
  assert.equal((await attempt(token, '127.0.8.8')).statusCode, 200, 'another client (the real admin) is not');
});

test('login, session, CSRF-protected mutation, logout', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  let r = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'analyst', password: 'wrong password!' } });
  assert.equal(r.statusCode, 401);
  assert.equal(r.json().error.code, 'E_UNAUTHENTICATED');
  r = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong password!' } });
  assert.equal(r.statusCode, 401, 'unknown user gets the same answer as a wrong password');
  const s = await login(h.app, 'ANALYST');
  r = await h.app.inject({ url: '/api/auth/me', headers: s.headers() });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json().user.username, 'analyst');
  assert.equal(r.json().via, 'session');
  r = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: s.headers(false), payload: { name: 'x' } });
  assert.equal(r.statusCode, 403, 'mutation without CSRF header refused');
  r = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: s.headers(true), payload: { name: 'sensor-1' } });
  assert.equal(r.statusCode, 201, r.body);
  // A CSRF token from another session does not work with this session's cookie.
  const other = await login(h.app, 'analyst');
  r = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: `mamori_session=${s.cookie.match(/mamori_session=([^;]+)/)![1]}; mamori_csrf=${other.csrf}`, 'x-csrf-token': other.csrf }, payload: { name: 'y' } });
  assert.equal(r.statusCode, 403, 'CSRF token is bound to its session');
  r = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers(true) });
  assert.equal(r.statusCode, 204);
  r = await h.app.inject({ url: '/api/auth/me', headers: s.headers() });
  assert.equal(r.statusCode, 401, 'session ends at logout');
  r = await h.app.inject({ url: '/api/auth/me', headers: other.headers() });
  assert.equal(r.statusCode, 200, 'other sessions live on');
});

test('sessions expire when idle and absolutely', async (t) => {
  const c = clock();
  const h = await authHarness({ deps: { now: c.now } });
  t.after(() => h.close());
  const s = await login(h.app, 'viewer');
  c.advance(90 * 60_000);
  assert.equal((await h.app.inject({ url: '/api/auth/me', headers: s.headers() })).statusCode, 200);
  c.advance(2 * 3600_000 + 1);
  assert.equal((await h.app.inject({ url: '/api/auth/me', headers: s.headers() })).statusCode, 401, 'idle > 2 h');
  const s2 = await login(h.app, 'viewer');
  for (let i = 0; i < 12; i++) {
    c.advance(3600_000);
    const code = (await h.app.inject({ url: '/api/auth/me', headers: s2.headers() })).statusCode;
    assert.equal(code, i < 11 ? 200 : 401, `hour ${i + 1}`);
  }
});

test('login rate limiting: refuses after 5 failures, even the right password, until the window passes', async (t) => {
  const c = clock();
  const h = await authHarness({ deps: { now: c.now } });
  t.after(() => h.close());
  for (let i = 0; i < 5; i++) {
    const r = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: `guess number ${i}` } });
    assert.equal(r.statusCode, 401);
  }
  let r = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } });
  assert.equal(r.statusCode, 429);
  assert.ok(Number(r.headers['retry-after']) > 0);
  c.advance(15 * 60_000 + 1000);
  r = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } });
  assert.equal(r.statusCode, 200);
});

test('API tokens: shown once, stored hashed, capped by owner role, revocable, cannot mint tokens', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  const s = await login(h.app, 'viewer');
  let r = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: s.headers(true), payload: { name: 'too-strong', role: 'admin' } });
  assert.equal(r.statusCode, 403, 'a viewer cannot mint an admin token');
  r = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: s.headers(true), payload: { name: 'reader' } });
  assert.equal(r.statusCode, 201);
  const { token, info } = r.json() as { token: string; info: { id: string; prefix: string } };
  assert.match(token, /^mmr_[A-Za-z0-9_-]{43}$/);
  assert.ok(token.startsWith(info.prefix));
  const rows = await h.store.db.selectFrom('api_tokens').selectAll().execute();
  assert.ok(rows.every((row) => !JSON.stringify(row).includes(token)), 'the token itself is not stored');
  r = await h.app.inject({ url: '/api/auth/me', headers: bearer(token) });
  assert.equal(r.json().via, 'token');
  r = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(token), payload: { name: 'child' } });
  assert.equal(r.statusCode, 403, 'a token cannot create tokens');
  // An admin's token limited to viewer acts as a viewer.
  const a = await login(h.app, 'admin');
  r = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: a.headers(true), payload: { name: 'ro', role: 'viewer' } });
  const roToken = r.json().token as string;
  assert.equal((await h.app.inject({ url: '/api/users', headers: bearer(roToken) })).statusCode, 403);
  assert.equal((await h.app.inject({ url: '/api/users', headers: bearer(h.tokens.admin) })).statusCode, 200);
  // Revocation: the owner can, others (non-admin) cannot even see it.
  const an = await login(h.app, 'analyst');
  r = await h.app.inject({ method: 'DELETE', url: `/api/tokens/${info.id}`, headers: an.headers(true) });
  assert.equal(r.statusCode, 404);
  r = await h.app.inject({ method: 'DELETE', url: `/api/tokens/${info.id}`, headers: s.headers(true) });
  assert.equal(r.statusCode, 200);
  assert.equal((await h.app.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode, 401);
  // A malformed Authorization header is refused, never replaced by the cookie.
  r = await h.app.inject({ url: '/api/auth/me', headers: { ...s.headers(), authorization: 'Basic Zm9vOmJhcg==' } });
  assert.equal(r.statusCode, 401);
});

test('users: admin CRUD, last admin protected, disabling ends sessions', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  const a = await login(h.app, 'admin');
  let r = await h.app.inject({ method: 'POST', url: '/api/users', headers: a.headers(true), payload: { username: 'plant-a', password: 'plant a engineer pw', role: 'analyst', sites: ['plant-a'] } });
  assert.equal(r.statusCode, 201, r.body);
  assert.deepEqual(r.json().sites, ['plant-a']);
  r = await h.app.inject({ method: 'POST', url: '/api/users', headers: a.headers(true), payload: { username: 'plant-a', password: 'plant a engineer pw', role: 'analyst' } });
  assert.equal(r.statusCode, 409);
  r = await h.app.inject({ method: 'POST', url: '/api/users', headers: a.headers(true), payload: { username: 'bad name!', password: 'plant a engineer pw', role: 'analyst' } });
  assert.equal(r.statusCode, 400);
  assert.match(r.json().error.message, /^username:/);
  const pa = await login(h.app, 'plant-a', 'plant a engineer pw');
  r = await h.app.inject({ method: 'PATCH', url: '/api/users/plant-a', headers: a.headers(true), payload: { disabled: true } });
  assert.equal(r.statusCode, 200);
  assert.equal((await h.app.inject({ url: '/api/auth/me', headers: pa.headers() })).statusCode, 401);
  r = await h.app.inject({ method: 'DELETE', url: '/api/users/admin', headers: a.headers(true) });
  assert.equal(r.statusCode, 409, 'last admin cannot be removed');
  r = await h.app.inject({ method: 'PATCH', url: '/api/users/admin', headers: a.headers(true), payload: { role: 'viewer' } });
  assert.equal(r.statusCode, 409, 'last admin cannot be demoted');
  r = await h.app.inject({ method: 'GET', url: '/api/users', headers: a.headers() });
  assert.ok(!r.body.includes('scrypt$'), 'hashes never leave the server');
});

test('audit log records every mutating request, refused ones too, without secrets', async (t) => {
  const h = await authHarness();
  t.after(() => h.close());
  await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: 'not my password' } });
  const v = await login(h.app, 'viewer');
  await h.app.inject({ method: 'POST', url: '/api/users', headers: v.headers(true), payload: { username: 'x', password: 'whatever123', role: 'admin' } });
  await h.app.inject({ method: 'DELETE', url: '/api/users/nope', headers: bearer(h.tokens.admin) });
  const r = await h.app.inject({ url: '/api/audit?limit=10', headers: bearer(h.tokens.admin) });
  assert.equal(r.statusCode, 200);
  const items = r.json().items as { actor: string | null; actorType: string; method: string; route: string; status: number; detail: Record<string, unknown> }[];
  assert.deepEqual(
    items.map((i) => [i.actor, i.actorType, i.method, i.route, i.status]),
    [
      ['admin', 'token', 'DELETE', '/api/users/:id', 404],
      ['viewer', 'session', 'POST', '/api/users', 403],
      ['viewer', 'anonymous', 'POST', '/api/auth/login', 200].map((x, i) => (i === 0 ? null : x)),
      [null, 'anonymous', 'POST', '/api/auth/login', 401],
    ],
  );
  assert.equal(items[3]!.detail.username, 'viewer');
  assert.equal(items[3]!.detail.outcome, 'bad-credentials');
  assert.ok(!r.body.includes('not my password') && !r.body.includes('whatever123'), 'no passwords in the audit log');
  assert.equal((await h.app.inject({ url: '/api/audit', headers: bearer(h.tokens.analyst) })).statusCode, 403);
});

test('secure headers on API and static responses', async (t) => {
  const h = await authHarness({ users: false });
  t.after(() => h.close());
  const r = await h.app.inject({ url: '/api/health' });
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
  assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.equal(r.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
});

test('overview and report are limited to the caller\'s sites', async (t) => {
  const { seedReportData, FIXED_NOW } = await import('../../../test/support/report-fixture.js');
  const h = await authHarness({ deps: { now: () => FIXED_NOW } });
  t.after(() => h.close());
  await seedReportData(h.store);
  await h.service.createUser({ username: 'plant', password: PASSWORD, role: 'viewer', sites: ['kawasaki-plant'] });
  const plant = await login(h.app, 'plant');
  const all = (await h.app.inject({ url: '/api/overview?lang=en', headers: bearer(h.tokens.viewer) })).json();
  const mine = (await h.app.inject({ url: '/api/overview?lang=en', headers: plant.headers() })).json();
  assert.ok(mine.headline.assets > 0 && mine.headline.assets < all.headline.assets);
  assert.deepEqual(mine.assetsBySite.map((s: { key: string }) => s.key), ['kawasaki-plant']);
  const foreign = (await h.app.inject({ url: '/api/overview?lang=en&site=tokyo-hq', headers: plant.headers() })).json();
  assert.equal(foreign.headline.assets, 0, 'asking for another site gives nothing');
  const html = await h.app.inject({ url: '/api/reports/executive?lang=ja&format=html', headers: plant.headers() });
  assert.equal(html.statusCode, 200);
  assert.match(String(html.headers['content-type']), /text\/html/);
  assert.match(html.body, /kawasaki-plant/);
  assert.doesNotMatch(html.body, /pc-00\d\.hq\.example/, 'no head-office device named in a plant-only report');
});
