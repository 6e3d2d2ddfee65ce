// AuthService against each available store dialect (SQLite always, PostgreSQL with MAMORI_TEST_PG_URL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test/support/dialects.js';
import { AuthService } from './auth.service.js';
import { sha256 } from './secrets.js';

const CHEAP = { N: 1024, r: 8, p: 1 };

for (const d of dialects()) {
  test(`[${d.name}] setup token, users, sessions and tokens`, async (t) => {
    const store = await d.open();
    t.after(() => store.close());
    let now = Date.parse('2026-03-01T00:00:00Z');
    const svc = new AuthService(store.db, { scryptCost: CHEAP, now: () => new Date(now) });

    assert.equal(await svc.setupRequired(), true);
    const setup = (await svc.issueSetupToken())!;
    const stored = await store.db.selectFrom('setup_tokens').selectAll().execute();
    assert.equal(stored[0]!.token_hash, sha256(setup), 'only the hash of the setup token is stored');
    await assert.rejects(svc.completeSetup('nope', { username: 'root', password: 'long admin password' }), /setup token is invalid/);
    const admin = await svc.completeSetup(setup, { username: 'root', password: 'long admin password' });
    assert.equal(admin.role, 'admin');
    await assert.rejects(svc.completeSetup(setup, { username: 'again', password: 'long admin password' }), /already complete/);

    await svc.createUser({ username: 'ops-a', password: 'plant a passphrase', role: 'analyst', sites: ['plant-a', 'plant-a'] });
    const u = await svc.getUser('OPS-A');
    assert.equal(u.sites, '["plant-a"]');
    assert.ok(u.password_hash.startsWith('scrypt$'));
    assert.equal(await svc.verifyCredentials('ops-a', 'wrong'), null);
    const row = await svc.verifyCredentials(' OPS-A ', 'plant a passphrase');
    assert.equal(row?.id, u.id);

    const s = await svc.createSession(row!);
    const sess = await store.db.selectFrom('sessions').selectAll().execute();
    assert.equal(sess.length, 1);
    assert.ok(!JSON.stringify(sess).includes(s.sessionToken) && !JSON.stringify(sess).includes(s.csrfToken), 'session secrets stored hashed');
    const p = await svc.resolveSession(s.sessionToken);
    assert.deepEqual([p?.username, p?.role, p?.sites], ['ops-a', 'analyst', ['plant-a']]);

    const { token } = await svc.createToken('ops-a', { name: 'sensor', role: 'viewer', expiresInDays: 1 });
    assert.equal((await svc.resolveToken(token))?.role, 'viewer');
    await assert.rejects(svc.createToken('ops-a', { name: 'x', role: 'admin' }), /more power/);
    now += 86_400_000 + 1;
    assert.equal(await svc.resolveToken(token), null, 'expired');

    await svc.updateUser('ops-a', { password: 'a new passphrase!' });
    assert.equal(await svc.resolveSession(s.sessionToken), null, 'password change ends sessions');
    await assert.rejects(svc.deleteUser('root'), /last admin/);
    await svc.deleteUser('ops-a');
    assert.equal((await svc.listUsers()).length, 1);
    assert.equal((await store.db.selectFrom('api_tokens').selectAll().execute()).length, 0, 'tokens go with their user');
  });
}
