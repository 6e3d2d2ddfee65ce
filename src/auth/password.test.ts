import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPasswordPolicy, DEFAULT_COST, hashPassword, verifyPassword } from './password.js';

const CHEAP = { N: 1024, r: 8, p: 1 };

test('scrypt hash verifies the right password only, with a fresh salt each time', async () => {
  const a = await hashPassword('correct horse battery', CHEAP);
  const b = await hashPassword('correct horse battery', CHEAP);
  assert.match(a, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$/);
  assert.notEqual(a, b, 'salted');
  assert.equal(await verifyPassword('correct horse battery', a), true);
  assert.equal(await verifyPassword('correct horse batterY', a), false);
  assert.equal(await verifyPassword('', a), false);
});

test('production cost hashes and verifies (and records its parameters)', async () => {
  const h = await hashPassword('a long enough passphrase', DEFAULT_COST);
  assert.ok(h.startsWith(`scrypt$${DEFAULT_COST.N}$${DEFAULT_COST.r}$${DEFAULT_COST.p}$`));
  assert.equal(await verifyPassword('a long enough passphrase', h), true);
});

test('unicode passwords are normalised (NFKC) before hashing', async () => {
  const h = await hashPassword('ﾊﾟｽﾜｰﾄﾞはとても長い', CHEAP);
  assert.equal(await verifyPassword('パスワードはとても長い', h), true);
});

test('malformed stored hashes never verify and never throw', async () => {
  for (const bad of ['', 'plain', 'scrypt$1$1$1$AA$AA', 'scrypt$x$8$1$c2FsdHNhbHQ=$' + 'A'.repeat(44), 'scrypt$1073741824$8$1$c2FsdHNhbHQ=$' + 'A'.repeat(44), 'bcrypt$2$8$1$a$b']) {
    assert.equal(await verifyPassword('x', bad), false, bad);
  }
});

test('password policy names the broken rule', () => {
  assert.throws(() => checkPasswordPolicy('short'), /at least 10 characters/);
  assert.throws(() => checkPasswordPolicy('aaaaaaaaaaaa'), /repeated character/);
  assert.throws(() => checkPasswordPolicy('xx-operator-xx', 'operator'), /must not contain the username/);
  assert.throws(() => checkPasswordPolicy('x'.repeat(257) + 'y'), /at most 256/);
  assert.doesNotThrow(() => checkPasswordPolicy('correct horse battery', 'admin'));
});
