import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.js';
import { openStore } from '../../db/open.js';
import { InventoryService } from '../../services/inventory.service.js';
import { startClaymoreEmulator } from '../../../test/support/emulators/claymore.js';

function cli(home: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(['--home', home, ...argv], { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

test('mamori miners expect|list|forget and a wallet drift found by checks run', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mamori-miners-'));
  // Checks touch only the authorized scope: the lab's loopback range.
  assert.equal((await cli(home, 'scope', 'add', '127.0.5.0/24')).code, 0);
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const rig = await startClaymoreEmulator({ host: '127.0.5.95', version: '15.0 - ETH', wallet: '0x2222222222222222222222222222222222222222' });
  t.after(() => rig.close());
  const store = await openStore(`sqlite:${join(home, 'mamori.db')}`);
  await new InventoryService(store).ingest([{ name: 'rig-7', ips: ['127.0.5.95'], class: 'miner', kind: 'rig', services: [{ port: rig.port, service: 'claymore-api' }] }], { source: 'test' });
  await store.close();

  let r = await cli(home, 'miners', 'expect', '--wallet', '0x1111111111111111111111111111111111111111');
  assert.equal(r.code, 2);
  assert.match(r.err, /exactly one of --asset REF or --fleet/);
  r = await cli(home, 'miners', 'expect', '--fleet', '--pool', 'not a pool');
  assert.equal(r.code, 2);
  r = await cli(home, 'miners', 'expect', '--asset', 'nope', '--wallet', '0x1111111111111111111111111111111111111111');
  assert.equal(r.code, 2);
  assert.match(r.err, /no asset/);
  r = await cli(home, 'miners', 'expect', '--asset', 'rig-7', '--wallet', '0x1111111111111111111111111111111111111111', '--json');
  assert.equal(r.code, 0, r.err);

  r = await cli(home, 'checks', 'run', 'rig-7', '--check', 'miner-integrity', '--json');
  assert.equal(r.code, 0, r.err);
  const run = JSON.parse(r.out) as { results: { verdict: string; summary?: string }[] };
  assert.deepEqual(run.results.map((x) => x.verdict), ['infected']);
  assert.match(run.results[0]?.summary ?? '', /wallet or pool changed/);

  r = await cli(home, 'miners', 'list', '--json');
  const list = JSON.parse(r.out) as { expectations: { id: number; assetId: string }[]; observed: { wallets: string[]; verdict: string }[]; unchecked: string[] };
  assert.equal(list.expectations.length, 1);
  assert.deepEqual(list.observed[0]?.wallets, ['0x2222222222222222222222222222222222222222']);
  assert.equal(list.observed[0]?.verdict, 'infected');
  assert.deepEqual(list.unchecked, []);
  assert.equal((await cli(home, 'miners', 'forget', String(list.expectations[0]!.id))).code, 0);
  assert.equal((await cli(home, 'miners', 'forget', '999')).code, 2);
  assert.deepEqual(rig.stats().writeAttempts, []);
});
