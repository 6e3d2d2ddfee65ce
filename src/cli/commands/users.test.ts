import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.js';
import { openStore } from '../../db/open.js';
import { AuthService } from '../../auth/auth.service.js';

function run(home: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(['--home', home, ...argv], { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

test('mamori users/tokens: first admin, scoped analyst, list, tokens, rm', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mamori-users-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  let r = await run(home, 'users', 'add', 'ops', '--role', 'analyst');
  assert.equal(r.code, 2);
  assert.match(r.err, /first user must be an admin/);
  r = await run(home, 'users', 'add', 'root', '--role', 'admin');
  assert.equal(r.code, 0, r.err);
  const pw = /password \(shown once\): (\S+)/.exec(r.out)?.[1];
  assert.ok(pw && pw.length >= 20);
  r = await run(home, 'users', 'add', 'ops-a', '--role', 'analyst', '--sites', 'plant-a, plant-b');
  assert.equal(r.code, 0, r.err);
  r = await run(home, 'users', 'add', 'x', '--role', 'boss');
  assert.equal(r.code, 2);
  assert.match(r.err, /--role must be admin, analyst or viewer/);
  r = await run(home, 'users', 'list', '--json');
  const list = JSON.parse(r.out) as { username: string; role: string; sites: string[] | null }[];
  assert.deepEqual(list.map((u) => [u.username, u.role, u.sites]), [['ops-a', 'analyst', ['plant-a', 'plant-b']], ['root', 'admin', null]]);
  r = await run(home, 'tokens', 'add', 'ops-a', '--name', 'sensor', '--role', 'viewer', '--expires-days', '30');
  assert.equal(r.code, 0, r.err);
  const token = r.out.split('\n').pop()!;
  assert.match(token, /^mmr_/);
  r = await run(home, 'users', 'rm', 'root');
  assert.equal(r.code, 1);
  assert.match(r.err, /last admin/);

  const store = await openStore(`sqlite:${join(home, 'mamori.db')}`);
  try {
    const svc = new AuthService(store.db);
    assert.ok(await svc.verifyCredentials('root', pw!), 'generated password works');
    assert.equal((await svc.resolveToken(token))?.role, 'viewer');
    const audit = await store.db.selectFrom('audit_log').select(['actor_type', 'route']).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.route), ['users add', 'users add', 'tokens add']);
    assert.ok(audit.every((a) => a.actor_type === 'cli'));
  } finally {
    await store.close();
  }
});
