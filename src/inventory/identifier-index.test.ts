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

test('entries held during a lookup are invisible until settled, then name their asset', () => {
  const ix = new IdentifierHashIndex(4);
  ix.add('ip', '127.0.9.1', 'a-1');
  const held: number[] = [];
  ix.reserve(3);
  assert.deepEqual(ix.lookupAndHold('ip', '127.0.9.1', held), ['a-1']);
  assert.equal(ix.lookupAndHold('mac', '02:00:00:00:00:09', held), undefined);
  // the same identifier again in the same batch: the pending entry is not a hit
  assert.equal(ix.lookupAndHold('mac', '02:00:00:00:00:09', held), undefined);
  assert.equal(held.length, 3);
  assert.equal(ix.get('mac', '02:00:00:00:00:09'), undefined);
  ix.settle(held, 0, 2, 'a-1');
  ix.settle(held, 2, 3, 'a-2');
  assert.deepEqual(ix.get('mac', '02:00:00:00:00:09'), ['a-1', 'a-2']);
  assert.deepEqual(ix.get('ip', '127.0.9.1'), ['a-1', 'a-1']);
});
