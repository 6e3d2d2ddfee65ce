import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureUrl, readFixture } from '../../../test/support/emulators/fixture-file.js';
import {
  claymoreWritableByDefault,
  decodeJsonRpcReply,
  encodeClaymoreRequest,
  isClaymoreWriteMethod,
  jsonReplyComplete,
  parseGetStat1,
  parseVersionField,
} from './claymore.js';

const fx = (n: string) => readFixture(fixtureUrl(import.meta.url, n));

test('encodes getstat1 exactly as the documented envelope, newline-terminated', () => {
  assert.equal(encodeClaymoreRequest({ id: 0, method: 'miner_getstat1' }).toString(), '{"id":0,"jsonrpc":"2.0","method":"miner_getstat1"}\n');
  assert.equal(
    encodeClaymoreRequest({ id: 0, method: 'miner_getstat1', psw: '123456' }).toString(),
    '{"id":0,"jsonrpc":"2.0","method":"miner_getstat1","psw":"123456"}\n',
  );
});

test('decodes the Claymore 9.3 capture', () => {
  const reply = decodeJsonRpcReply(fx('claymore-9.3-getstat1.txt'));
  assert.ok(reply);
  assert.equal(reply.error, null);
  const s = parseGetStat1(reply.result);
  assert.ok(s);
  assert.equal(s.flavor, 'claymore');
  assert.equal(s.version, '9.3');
  assert.equal(s.coin, 'ETH');
  assert.equal(s.uptimeMinutes, 21);
  assert.equal(s.hashrateKhs, 182724);
  assert.equal(s.sharesAccepted, 51);
  assert.equal(s.gpuHashratesKhs.length, 6);
  assert.deepEqual(s.gpus[0], { temperatureC: 53, fanPercent: 71 });
  assert.deepEqual(s.pools, ['eth-eu1.nanopool.org:9999']);
});

test('decodes the dual-mining capture with two pools', () => {
  const s = parseGetStat1(decodeJsonRpcReply(fx('claymore-10.0-dual-getstat1.txt'))?.result);
  assert.ok(s);
  assert.equal(s.version, '10.0');
  assert.deepEqual(s.pools, ['eth-eu1.nanopool.org:9999', 'sia-eu1.nanopool.org:7777']);
  assert.equal(s.dualHashrateKhs, 891451);
});

test('decodes ethminer replies: statistics and the -403 refusal', () => {
  const s = parseGetStat1(decodeJsonRpcReply(fx('ethminer-0.16-getstat1.txt'))?.result);
  assert.ok(s);
  assert.equal(s.flavor, 'ethminer');
  assert.equal(s.version, '0.16.0.dev0+commit.41639944');
  const refused = decodeJsonRpcReply(fx('ethminer-authorization-needed.txt'));
  assert.deepEqual(refused?.error, { code: -403, message: 'Authorization needed' });
});

test('tells Claymore, PhoenixMiner and ethminer apart by the version field', () => {
  assert.equal(parseVersionField('9.3 - ETH')?.flavor, 'claymore');
  assert.equal(parseVersionField('5.5c - ETH')?.flavor, 'phoenixminer');
  assert.equal(parseVersionField('ethminer-0.18.0-alpha.1+commit.70c7cdbe.dirty')?.flavor, 'ethminer');
  assert.equal(parseVersionField('nginx/1.22'), null);
});

test('read-only became the default in 8.1', () => {
  assert.equal(claymoreWritableByDefault('7.3'), true);
  assert.equal(claymoreWritableByDefault('8.0'), true);
  assert.equal(claymoreWritableByDefault('8.1'), false);
  assert.equal(claymoreWritableByDefault('15.0'), false);
});

test('hostile or foreign replies give null, never a throw', () => {
  for (const bad of [
    '', 'SSH-2.0-OpenSSH_9.2\r\n', 'HTTP/1.1 200 OK\r\n\r\n', '{"id":0,"result":["9.3 - ETH"', '{"id":0}', '[1,2,3]',
    '{"id":0,"error":null,"result":[1,2,3,4,5,6,7,8,9]}', '{"id":0,"error":null,"result":"x"}', '\u0000\u0001\u0002',
  ]) {
    const r = decodeJsonRpcReply(Buffer.from(bad));
    assert.equal(r ? parseGetStat1(r.result) : null, null, bad);
  }
  assert.equal(parseGetStat1(Array.from({ length: 9 }, () => 'x'.repeat(5000))), null);
});

test('the read predicate stops on a whole object, a newline or non-JSON', () => {
  assert.equal(jsonReplyComplete(Buffer.from('{"id":0,')), false);
  assert.equal(jsonReplyComplete(Buffer.from('{"id":0}')), true);
  assert.equal(jsonReplyComplete(Buffer.from('{"id":0,\n')), true);
  assert.equal(jsonReplyComplete(Buffer.from('SSH-2.0')), true);
});

test('write methods are recognised', () => {
  for (const m of ['miner_file', 'miner_reboot', 'miner_restart', 'control_gpu', 'miner_addconnection']) assert.ok(isClaymoreWriteMethod(m));
  for (const m of ['miner_getstat1', 'miner_getstat2', 'miner_getfile', 'api_authorize']) assert.ok(!isClaymoreWriteMethod(m));
});
