import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startClaymoreEmulator } from '../../../test/support/emulators/claymore.js';
import { startXmrigEmulator } from '../../../test/support/emulators/xmrig.js';
import { startCgminerEmulator } from '../../../test/support/emulators/cgminer.js';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import { builtinMinerIocs, minerIntegrityCheck } from './miner-integrity.check.js';
import { walletsAndPoolsFromText } from '../shared/miner-read.js';
import type { CheckResult, MinerExpectation, PreviousResult } from '../types.js';

const HOST = '127.0.5.22';
const OWNER = '0x1111111111111111111111111111111111111111';
const SATORI = '0xd0897da92bd7d7754f4ea18f8169dbc08beb8df7';
async function run(port: number, service: string, expectations: MinerExpectation[], previous: PreviousResult[] = [], options = {}) {
  const r = await minerIntegrityCheck.run(
    makeCheckContext({ asset: assetFixture({ id: 'rig', ips: [HOST] }), service: serviceFixture({ port, service }), options, minerExpectations: expectations, previous, timeoutMs: 4000 }),
  );
  return (Array.isArray(r) ? r : [r]) as CheckResult[];
}
const fleet = (wallet: string | null, pool: string | null): MinerExpectation[] => [{ assetId: null, wallet, pool }];

test('IoC data parses; Satori payload command line yields wallet and pool', () => {
  assert.ok(builtinMinerIocs().wallets.length >= 2);
  const x = walletsAndPoolsFromText('EthDcrMiner64.exe -epool eth-us2.dwarfpool.com:8008 -ewal 0xd0897da92bd7d7754f4ea18f8169dbc08beb8df7 -mode 1 -mport 3333 -mpsw guvJtoCxU9');
  assert.deepEqual(x, { wallets: [SATORI], pools: ['eth-us2.dwarfpool.com:8008'] });
});

test('Claymore rig mining to the registered wallet and pool: no finding (read with getstat1 + getfile only)', async (t) => {
  const emu = await startClaymoreEmulator({ host: HOST, version: '15.0 - ETH', wallet: OWNER, pool: 'eth-eu1.nanopool.org:9999' });
  t.after(() => emu.close());
  const rs = await run(emu.port, 'claymore-api', fleet(OWNER, 'eth-eu1.nanopool.org:9999'));
  assert.deepEqual(rs.map((r) => r.verdict), ['not-affected']);
  assert.deepEqual(emu.stats().writeAttempts, []);
  assert.ok(emu.stats().methods.every((m) => m === 'miner_getstat1' || m === 'miner_getfile'));
});

test('Satori-hijacked Claymore (attacker wallet and pool): infected, observed values as evidence', async (t) => {
  const emu = await startClaymoreEmulator({ host: HOST, version: '9.3 - ETH', wallet: SATORI, pool: 'eth-us2.dwarfpool.com:8008' });
  t.after(() => emu.close());
  const rs = await run(emu.port, 'claymore-api', fleet(OWNER, 'eth-eu1.nanopool.org:9999'));
  const kinds = rs.map((r) => (r as { discriminator?: string }).discriminator).sort();
  assert.deepEqual(kinds, ['ioc-pool', 'ioc-wallet', 'pool', 'wallet']);
  assert.ok(rs.every((r) => r.verdict === 'infected'));
  assert.match(JSON.stringify(rs), /eth-us2\.dwarfpool\.com:8008/);
});

test('drift without IoC: another wallet than registered is infected (wallet or pool changed)', async (t) => {
  const emu = await startClaymoreEmulator({ host: HOST, version: '15.0 - ETH', wallet: '0x2222222222222222222222222222222222222222' });
  t.after(() => emu.close());
  const rs = await run(emu.port, 'claymore-api', [{ assetId: 'rig', wallet: OWNER, pool: null }]);
  assert.deepEqual(rs.map((r) => `${r.verdict}:${(r as { discriminator?: string }).discriminator}`), ['infected:wallet']);
});

test('a rig that answered without password and now demands one: possible hijack', async (t) => {
  const emu = await startClaymoreEmulator({ host: HOST, version: '9.3 - ETH', password: 'guvJtoCxU9' });
  t.after(() => emu.close());
  const prev: PreviousResult[] = [{ verdict: 'not-affected', discriminator: null, data: { auth: 'none' }, at: '2026-01-01T00:00:00Z' }];
  const rs = await run(emu.port, 'claymore-api', fleet(OWNER, null), prev);
  assert.equal(rs[0]?.verdict, 'infected');
  assert.match(JSON.stringify(rs), /possible hijack/);
  // Without that history, it is only a gap.
  assert.equal((await run(emu.port, 'claymore-api', fleet(OWNER, null)))[0]?.verdict, 'unknown');
});

test('cgminer pools and XMRig /1/config (with a token) are compared too', async (t) => {
  const cg = await startCgminerEmulator({ host: HOST, pools: [{ url: 'stratum+tcp://btc.attacker.example:3333', user: 'evilwallet.rig1' }] });
  t.after(() => cg.close());
  const a = await run(cg.port, 'cgminer-api', fleet('ownerwallet', 'stratum+tcp://pool.owner.example:3333'));
  assert.deepEqual(a.map((r) => (r as { discriminator?: string }).discriminator).sort(), ['pool', 'wallet']);
  const xm = await startXmrigEmulator({ host: HOST, token: 'tok', restricted: false, wallet: '4OWNER', pool: 'pool.supportxmr.com:3333' });
  t.after(() => xm.close());
  const b = await run(xm.port, 'xmrig-api', fleet('4OWNER', 'pool.supportxmr.com:3333'), [], { xmrigToken: 'tok' });
  assert.deepEqual(b.map((r) => r.verdict), ['not-affected']);
  assert.doesNotMatch(JSON.stringify(b), /tok\b/, 'token redacted from the transcript');
});

test('no expectation registered and no IoC: unknown (never a pass)', async (t) => {
  const emu = await startClaymoreEmulator({ host: HOST, version: '15.0 - ETH', wallet: OWNER });
  t.after(() => emu.close());
  assert.equal((await run(emu.port, 'claymore-api', []))[0]?.verdict, 'unknown');
});
