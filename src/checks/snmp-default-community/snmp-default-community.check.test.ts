import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { startSnmpd, SNMPD_BIN } from '../../../test/support/daemons/snmpd.js';
import { startUdpCountingProxy } from '../../../test/support/emulators/counting-proxy.js';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import type { CheckResult } from '../types.js';
import { snmpDefaultCommunityCheck } from './snmp-default-community.check.js';

const run = async (host: string, port: number) => {
  const asset = assetFixture({ id: 's', ips: [host] });
  const svc = serviceFixture({ port, transport: 'udp', service: 'snmp' });
  assert.ok(snmpDefaultCommunityCheck.selects(asset, svc));
  const r = await snmpDefaultCommunityCheck.run(makeCheckContext({ asset, service: svc, options: {}, timeoutMs: 8000 }));
  return r as CheckResult;
};

test('snmpd with "public": exposed, community redacted; snmpd with its own community: no finding in 2 requests', async (t) => {
  if (!requireBinaries(t, SNMPD_BIN)) return;
  const weak = await startSnmpd({ ip: '127.0.5.97', communities: ['public'] });
  t.after(() => weak.stop());
  const r = await run('127.0.5.97', 161);
  assert.equal(r.verdict, 'exposed', JSON.stringify(r));
  assert.doesNotMatch(JSON.stringify(r.transcript), /public|7075626c6963/);
  const hard = await startSnmpd({ ip: '127.0.5.98', communities: ['k7-plant-ro-2f9a'] });
  t.after(() => hard.stop());
  const p = await startUdpCountingProxy('127.0.5.98', { host: '127.0.5.98', port: 161 });
  t.after(() => p.close());
  assert.equal((await run('127.0.5.98', p.port)).verdict, 'not-affected');
  assert.equal(p.datagrams, 2);
});
