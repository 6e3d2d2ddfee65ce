import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeDocument } from './index.js';
import { MamoriError } from '../../core/errors.js';

const CSAF = new URL('../../../../shared/data/csaf/2023/icsa-23-229-04.json', import.meta.url).pathname;

test('truncated JSON names the file and the line', () => {
  const text = readFileSync(CSAF, 'utf8');
  const cut = text.slice(0, 1500);
  const lines = cut.split('\n').length;
  assert.throws(
    () => decodeDocument(cut, 'cut.json'),
    (e: unknown) => e instanceof MamoriError && e.code === 'E_FEED_FORMAT' && e.message.startsWith(`cut.json:${lines}:`) && /truncated/.test(e.message) && e.extra.location?.line === lines,
  );
});

test('a syntax error in the middle gives its line', () => {
  const bad = '{\n  "document": {\n    "title": "x",,\n  }\n}';
  assert.throws(() => decodeDocument(bad, 'bad.json'), /bad\.json:3:\d+: invalid JSON/);
});

test('unknown JSON, wrong XML and binary junk are refused by name', () => {
  assert.throws(() => decodeDocument('{"hello": 1}', 'h.json'), /h\.json: JSON document of no known feed format/);
  assert.throws(() => decodeDocument('<a><b></a>', 'w.xml'), /w\.xml:1:\d+: invalid XML/);
  assert.throws(() => decodeDocument('<html><body>hi</body></html>', 'p.html'), /p\.html: XML document of no known feed format/);
  assert.throws(() => decodeDocument(Buffer.from([0, 1, 2, 3]), 'z.bin'), /z\.bin: not a feed document/);
});
