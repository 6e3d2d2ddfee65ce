import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginLimiter } from './login-limiter.js';

test('five failures lock the username and the address for the window', () => {
  let now = 1_000_000;
  const l = new LoginLimiter({ now: () => now });
  for (let i = 0; i < 5; i++) {
    assert.equal(l.retryAfterMs('192.0.2.1', 'admin'), 0);
    l.fail('192.0.2.1', 'admin');
    now += 1000;
  }
  assert.ok(l.retryAfterMs('192.0.2.1', 'admin') > 0);
  assert.ok(l.retryAfterMs('192.0.2.2', 'ADMIN') > 0, 'same username from elsewhere is locked too');
  assert.ok(l.retryAfterMs('192.0.2.1', 'someone-else') > 0, 'same address spraying other names is locked too');
  assert.equal(l.retryAfterMs('192.0.2.2', 'someone-else'), 0);
  now += 15 * 60_000;
  assert.equal(l.retryAfterMs('192.0.2.1', 'admin'), 0, 'window passed');
});

test('success clears the username counter but not the address counter', () => {
  const now = 5_000;
  const l = new LoginLimiter({ now: () => now, maxFailures: 2 });
  l.fail('ip', 'a');
  l.succeed('a');
  l.fail('ip', 'a');
  assert.equal(l.retryAfterMs('other-ip', 'a'), 0);
  assert.ok(l.retryAfterMs('ip', 'b') > 0);
});

test('memory is bounded', () => {
  const l = new LoginLimiter({ maxKeys: 100 });
  for (let i = 0; i < 1000; i++) l.fail(`ip${i}`, `u${i}`);
  assert.ok((l as unknown as { failures: Map<string, unknown> }).failures.size <= 100);
});
