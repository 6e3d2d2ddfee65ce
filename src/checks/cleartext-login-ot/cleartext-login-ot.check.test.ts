import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import { cleartextLoginOtCheck } from './cleartext-login-ot.check.js';

const run = (port: number, service: string | null, zoneKind: 'OT' | 'IT' | null, cls: 'ot' | 'it' | null = null) => {
  const asset = assetFixture({ id: 'a', class: cls, zone: zoneKind ? `${zoneKind.toLowerCase()}-cell` : null });
  const s = serviceFixture({ port, service });
  if (!cleartextLoginOtCheck.selects(asset, s)) return Promise.resolve('not-selected');
  return cleartextLoginOtCheck.run(makeCheckContext({ asset, service: s, options: {}, zoneKind })).then((r) => (Array.isArray(r) ? r[0]?.verdict : r.verdict));
};

test('Telnet/FTP in an OT zone or on an OT device is a finding; elsewhere not; SSH never selected', async () => {
  assert.equal(await run(23, 'telnet', 'OT'), 'exposed');
  assert.equal(await run(21, 'ftp', null, 'ot'), 'exposed');
  assert.equal(await run(2121, 'ftp', 'OT'), 'exposed');
  assert.equal(await run(21, 'ftp', 'IT'), 'not-affected');
  assert.equal(await run(22, 'ssh', 'OT'), 'not-selected');
  assert.equal(await run(21, 'http', 'OT'), 'not-selected', 'the service name wins over the port');
});
