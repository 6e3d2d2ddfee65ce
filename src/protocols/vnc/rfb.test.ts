import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientVersionFor, parseSecurity, parseServerVersion } from './rfb.js';

test('versions', () => {
  assert.deepEqual(parseServerVersion(Buffer.from('RFB 003.008\n')), { major: 3, minor: 8, text: '003.008' });
  assert.equal(clientVersionFor(parseServerVersion(Buffer.from('RFB 003.889\n'))!).line.toString(), 'RFB 003.008\n');
  assert.equal(clientVersionFor(parseServerVersion(Buffer.from('RFB 004.001\n'))!).protocol, '3.8');
  assert.equal(clientVersionFor(parseServerVersion(Buffer.from('RFB 003.005\n'))!).protocol, '3.3');
  for (const bad of ['RFB 3.8\n', 'RFB 003.008', 'SSH-2.0-x\r\n', 'RFB 003.008\r']) assert.equal(parseServerVersion(Buffer.from(bad)), null);
});

test('security offers', () => {
  assert.deepEqual(parseSecurity(Buffer.from([2, 1, 2]), '3.8'), { kind: 'types', types: [1, 2] });
  assert.equal(parseSecurity(Buffer.from([3, 1]), '3.8'), 'incomplete');
  assert.deepEqual(parseSecurity(Buffer.from('00000002', 'hex'), '3.3'), { kind: 'types', types: [2] });
  const reason = Buffer.from('no');
  assert.deepEqual(parseSecurity(Buffer.concat([Buffer.from([0, 0, 0, 0, 2]), reason]), '3.8'), { kind: 'failure', reason: 'no' });
  assert.equal(parseSecurity(Buffer.from('ffffffff', 'hex'), '3.3'), 'invalid');
  // an absurd reason length is capped, not awaited
  const huge = parseSecurity(Buffer.concat([Buffer.from([0, 0xff, 0xff, 0xff, 0xff]), Buffer.from('x')]), '3.8');
  assert.deepEqual(huge, { kind: 'failure', reason: 'x' });
});
