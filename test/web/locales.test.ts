// The dashboard's two languages have exactly the same keys and interpolation variables, and the
// Japanese tree is really translated (not English copied over).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en, ja } from '../../web/src/locales.js';

type Tree = { [k: string]: string | Tree };
const flatten = (t: Tree, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
};
const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

test('ja and en have the same keys and the same {{variables}}', () => {
  const e = flatten(en as unknown as Tree);
  const j = flatten(ja as unknown as Tree);
  assert.deepEqual([...j.keys()].sort(), [...e.keys()].sort());
  for (const [k, v] of e) assert.deepEqual(vars(j.get(k)!), vars(v), k);
});

test('the Japanese text is Japanese', () => {
  const j = flatten(ja as unknown as Tree);
  const e = flatten(en as unknown as Tree);
  const same = [...j].filter(([k, v]) => v === e.get(k) && /[a-z]{4,}/i.test(v));
  // Product words (IT, OT, IoT, KEV) may stay; sentences may not.
  assert.ok(same.length <= 3, `untranslated: ${same.map(([k]) => k).join(', ')}`);
  assert.ok([...j.values()].filter((v) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(v)).length > j.size * 0.8);
});
