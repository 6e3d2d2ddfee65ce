import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdentifierHashIndex } from './identifier-index.js';

test('the hash index finds every asset recorded for an identifier, kinds kept apart, across growth', () => {
  const ix = new IdentifierHashIndex(4);
  const n = 50_000;
  for (let i = 0; i < n; i++) {
    const id = `a-${i}`;
    ix.add('ip', `127.0.${i >> 8}.${i & 255}`, id);
    ix.add('hostname', `host-${i}`, id);
  }
  ix.add('hostname', 'host-7', 'a-twin'); // two devices with one name
  ix.add('hostname', 'host-7', 'a-twin'); // added again: harmless
  assert.equal(ix.size, 2 * n + 1);
  for (let i = 0; i < n; i += 997) assert.deepEqual(ix.get('ip', `127.0.${i >> 8}.${i & 255}`), [`a-${i}`]);
  assert.deepEqual(ix.get('hostname', 'host-7'), ['a-7', 'a-twin']);
  assert.equal(ix.get('mac', 'host-7'), undefined);
  assert.equal(ix.get('hostname', 'host-7 '), undefined);
  assert.equal(ix.get('ip', '127.0.0.0.'), undefined);
  // kind and value are hashed apart: ('ab', 'c') is not ('a', 'bc')
  ix.add('ab', 'c', 'x');
  assert.equal(ix.get('a', 'bc'), undefined);
});
