import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyChanges } from './key-changes.js';

const all = (c: KeyChanges) => [...c.changes()].map((x) => [x.key, [...x.remove], [...x.add].sort()]);

test('key changes: grouped by key in ascending order, negative keys included', () => {
  const c = new KeyChanges();
  c.write('a', [5, -7, 2 ** 31 - 1]);
  c.write('b', [5, -(2 ** 31)]);
  assert.deepEqual(all(c), [[-(2 ** 31), [], ['b']], [-7, [], ['a']], [5, [], ['a', 'b']], [2 ** 31 - 1, [], ['a']]]);
});

test('key changes: a stored advisory rewritten loses its old keys; one written twice in the same import keeps only the last keys', () => {
  const c = new KeyChanges();
  c.write('stored', [1, 2], [2, 3]); // stored before with keys 2, 3
  c.write('twice', [4, 5]);
  c.write('twice', [5, 6], [4, 5]); // the same id again: its first write's keys are taken back
  assert.deepEqual(all(c), [[1, [], ['stored']], [2, ['stored'], ['stored']], [3, ['stored'], []], [5, [], ['twice']], [6, [], ['twice']], [4, [], []]].sort((x, y) => (x[0] as number) - (y[0] as number)));
});

test('key changes: many writes grow the buffer', () => {
  const c = new KeyChanges();
  for (let i = 0; i < 40000; i++) c.write(`id${i}`, [i % 1000, 1000 + (i % 7)]);
  const out = [...c.changes()];
  assert.equal(out.length, 1007);
  assert.equal(out.reduce((n, x) => n + x.add.length, 0), 80000);
  assert.deepEqual(out.map((x) => x.key), [...out.map((x) => x.key)].sort((a, b) => a - b));
});

test('key changes: NVD record ids and other ids are told apart exactly (has)', () => {
  const c = new KeyChanges();
  const ids = ['nvd-cve-2.0:CVE-2014-0160', 'nvd-cve-2.0:CVE-2021-44228', 'nvd-cve-2.0:CVE-2024-1000001', 'csaf:ICSA-24-001-01', 'nvd-cve-2.0:CVE-2014-x160'];
  ids.forEach((id, i) => c.write(id, [i]));
  for (const id of ids) assert.ok(c.has(id), id);
  // Near misses: leading zeros, another year, another prefix, a longer number.
  for (const id of ['nvd-cve-2.0:CVE-2014-00160', 'nvd-cve-2.0:CVE-2015-0160', 'nvd-cve-2.1:CVE-2014-0160', 'nvd-cve-2.0:CVE-2021-442280', 'nvd-cve-2.0:CVE-2014-0161']) assert.ok(!c.has(id), id);
  // Rewriting an NVD id is seen as the same advisory.
  c.write('nvd-cve-2.0:CVE-2014-0160', [9], [0]);
  assert.deepEqual(all(c).find((x) => x[0] === 0), [0, [], []]);
});
