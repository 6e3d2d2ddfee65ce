import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endOfLifeCheck } from './end-of-life.check.js';
import { builtinEol, eolDataSchema } from './eol-data.js';
import { assetFixture, makeCheckContext } from '../check-context.js';
import { parseData } from '../data-file.js';

const now = new Date('2026-06-01T00:00:00Z');
const run = (os: { name: string | null; version: string | null } | null, firmware: { name: string | null; version: string | null } | null = null) => {
  const asset = assetFixture({ id: 'a', os, firmware });
  assert.equal(endOfLifeCheck.selects(asset, null), Boolean(os || firmware));
  return endOfLifeCheck.run(makeCheckContext({ asset, service: null, options: {}, now }));
};

test('the shipped end-of-life table parses', () => {
  assert.ok(builtinEol().entries.length >= 15);
});

test('Windows XP, 7 (as NT 6.1 from SMB), 2003, 2012 R2 and CentOS 7 are past support', async () => {
  for (const [os, id] of [
    [{ name: 'Windows XP Professional', version: 'SP3' }, 'windows-xp'],
    [{ name: 'Windows', version: '6.1.7601' }, 'windows-7'],
    [{ name: 'Windows Server 2003', version: null }, 'windows-server-2003'],
    [{ name: 'Windows Server 2012 R2 Standard', version: null }, 'windows-server-2012'],
    [{ name: 'CentOS Linux', version: '7.9.2009' }, 'centos-7'],
  ] as const) {
    const r = await run(os);
    assert.ok(!Array.isArray(r) && r.verdict === 'exposed', `${os.name} ${os.version}`);
    assert.equal(r.verdict === 'exposed' && r.discriminator, id);
  }
});

test('supported systems and unknown names are not affected; no OS is not selected', async () => {
  for (const os of [{ name: 'Debian GNU/Linux', version: '12' }, { name: 'Windows Server 2022', version: null }, { name: 'Ubuntu 24.04', version: null }]) {
    const r = await run(os);
    assert.equal(!Array.isArray(r) && r.verdict, 'not-affected', os.name);
  }
  assert.equal(endOfLifeCheck.selects(assetFixture({ id: 'x' }), null), false);
});

test('firmware text counts for "any" entries (Windows XP Embedded HMI)', async () => {
  const r = await run(null, { name: 'Windows XP Embedded', version: 'SP3' });
  assert.equal(!Array.isArray(r) && r.verdict, 'exposed');
  assert.equal(!Array.isArray(r) && r.verdict === 'exposed' && r.discriminator, 'windows-xp-embedded', 'the more specific entry wins');
});

test('a malformed table is rejected naming the file and field', () => {
  assert.throws(
    () => parseData('my-eol.json', { entries: [{ id: 'x', title: 'X', field: 'os', pattern: '(', eol: '2020-13', source: 'https://e' }] }, eolDataSchema),
    (e: Error) => /my-eol\.json/.test(e.message) && /entries\/0\/pattern|entries\/0\/eol/.test(e.message),
  );
});
