import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startClaymoreEmulator } from '../../../test/support/emulators/claymore.js';
import { startXmrigEmulator } from '../../../test/support/emulators/xmrig.js';
import { startCgminerEmulator } from '../../../test/support/emulators/cgminer.js';
import { refusedPort, replyServer } from '../../../test/support/emulators/raw-servers.js';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import { minerApiUnauthenticatedCheck } from './miner-api-unauthenticated.check.js';
import type { CheckResult } from '../types.js';

const HOST = '127.0.5.21';
async function run(port: number, service: string, options: { xmrigToken?: string } = {}) {
  const r = await minerApiUnauthenticatedCheck.run(
    makeCheckContext({ asset: assetFixture({ id: 'rig', ips: [HOST] }), service: serviceFixture({ port, service }), options, timeoutMs: 3000 }),
  );
  assert.ok(!Array.isArray(r));
  return r as CheckResult;
}

test('Claymore 7.3 without password: exploitable (writable default), and no write method was sent', async (t) => {
  const emu = await startClaymoreEmulator({ host: HOST, version: '7.3 - ETH' });
  t.after(() => emu.close());
  const r = await run(emu.port, 'claymore-api');
  assert.equal(r.verdict, 'exploitable');
  assert.match(JSON.stringify(r), /CVE-2018-1000049/);
  assert.deepEqual(emu.stats().writeAttempts, []);
  assert.deepEqual(emu.stats().methods, ['miner_getstat1']);
});

test('Claymore 15.0 without password: exposed; with -mpsw (hardened twin): no finding', async (t) => {
  const open = await startClaymoreEmulator({ host: HOST, version: '15.0 - ETH' });
  t.after(() => open.close());
  assert.equal((await run(open.port, 'claymore-api')).verdict, 'exposed');
  const locked = await startClaymoreEmulator({ host: HOST, version: '15.0 - ETH', password: 's3cret' });
  t.after(() => locked.close());
  assert.equal((await run(locked.port, 'claymore-api')).verdict, 'not-affected');
  assert.deepEqual(locked.stats().writeAttempts, []);
});

test('ethminer without password: exposed; with --api-password: no finding', async (t) => {
  const open = await startClaymoreEmulator({ host: HOST, flavor: 'ethminer' });
  t.after(() => open.close());
  assert.equal((await run(open.port, 'claymore-api')).verdict, 'exposed');
  const locked = await startClaymoreEmulator({ host: HOST, flavor: 'ethminer', password: 'pw' });
  t.after(() => locked.close());
  assert.equal((await run(locked.port, 'claymore-api')).verdict, 'not-affected');
});

test('XMRig without token: exposed; token required: no finding; never a write', async (t) => {
  const open = await startXmrigEmulator({ host: HOST });
  t.after(() => open.close());
  assert.equal((await run(open.port, 'xmrig-api')).verdict, 'exposed');
  const locked = await startXmrigEmulator({ host: HOST, token: 'tok-123' });
  t.after(() => locked.close());
  assert.equal((await run(locked.port, 'xmrig-api')).verdict, 'not-affected');
  assert.deepEqual([...open.stats().writeAttempts, ...locked.stats().writeAttempts], []);
});

test('cgminer privileged access: exploitable; read-only twin: no finding; only privileged+pools sent', async (t) => {
  const open = await startCgminerEmulator({ host: HOST, privileged: true });
  t.after(() => open.close());
  assert.equal((await run(open.port, 'cgminer-api')).verdict, 'exploitable');
  const ro = await startCgminerEmulator({ host: HOST, privileged: false });
  t.after(() => ro.close());
  assert.equal((await run(ro.port, 'cgminer-api')).verdict, 'not-affected');
  assert.deepEqual(open.stats().commands.filter((c) => c !== 'privileged' && c !== 'pools'), []);
});

test('negative cases: refused port and garbage give unknown', async (t) => {
  assert.equal((await run(await refusedPort(HOST), 'claymore-api')).verdict, 'unknown');
  const junk = await replyServer(HOST, 'HTTP/1.0 200 OK\r\n\r\nhello');
  t.after(() => junk.close());
  assert.equal((await run(junk.port, 'claymore-api')).verdict, 'unknown');
  assert.equal((await run(junk.port, 'cgminer-api')).verdict, 'unknown');
});
