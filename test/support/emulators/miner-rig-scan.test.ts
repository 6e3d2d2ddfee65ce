// Miner rigs through the real engine and full probe registry (normal profile): a Claymore EMULATOR on
// 127.0.4.62:3333, a cgminer EMULATOR on 127.0.4.63:4028, and an XMRig API EMULATOR on a random port of
// 127.0.4.61 (XMRig has no well-known API port, so it must be found by the fallback order, before the
// generic HTTP probe claims it). The emulators prove no write method was sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getProfile, tuneProfile } from '../../../src/engine/profiles.js';
import { runScan } from '../../../src/engine/scanner.js';
import { startCgminerEmulator } from './cgminer.js';
import { startClaymoreEmulator } from './claymore.js';
import { startXmrigEmulator } from './xmrig.js';

test('normal scan identifies Claymore, cgminer and XMRig (on an odd port) and writes nothing', { timeout: 30_000 }, async (t) => {
  const claymore = await startClaymoreEmulator({ host: '127.0.4.62', port: 3333, version: '7.3 - ETH', pool: 'eth-eu1.nanopool.org:9999' });
  const cg = await startCgminerEmulator({ host: '127.0.4.63', port: 4028, program: 'bmminer', version: '2.0.0', versionExtra: { Type: 'Antminer S9' } });
  const xmrig = await startXmrigEmulator({ host: '127.0.4.61', version: '6.22.1' });
  t.after(() => Promise.all([claymore.close(), cg.close(), xmrig.close()]).then(() => undefined));

  const profile = tuneProfile(getProfile('normal'), { timeoutMs: 800 });
  const r = await runScan(
    { hosts: ['127.0.4.61', '127.0.4.62', '127.0.4.63'].map((ip) => ({ ip, profile })), tcpPorts: [3333, 4028, xmrig.port].sort((a, b) => a - b), udpPorts: [] },
    { ping: false },
  );
  const port = (ip: string, p: number) => r.hosts.find((h) => h.ip === ip)?.ports.find((x) => x.port === p);
  assert.equal(port('127.0.4.62', 3333)?.service, 'claymore-api');
  assert.equal(port('127.0.4.62', 3333)?.version, '7.3');
  assert.equal(port('127.0.4.63', 4028)?.service, 'cgminer-api');
  assert.equal(port('127.0.4.63', 4028)?.device?.model, 'Antminer S9');
  assert.equal(port('127.0.4.61', xmrig.port)?.service, 'xmrig-api', JSON.stringify(port('127.0.4.61', xmrig.port)?.attempts));
  assert.equal(port('127.0.4.61', xmrig.port)?.device?.class, 'miner');
  assert.deepEqual(claymore.stats().writeAttempts, []);
  assert.deepEqual(cg.stats().privilegedAttempts, []);
  assert.deepEqual(xmrig.stats().writeAttempts, []);
});
