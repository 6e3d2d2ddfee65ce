import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureUrl, readFixture } from '../../../test/support/emulators/fixture-file.js';
import { httpResponseComplete, parseHttpResponse } from './http-response.js';
import { encodeSummaryRequest, parseXmrigSummary } from './xmrig.js';

const fx = (n: string) => readFixture(fixtureUrl(import.meta.url, n));

test('builds a plain GET /1/summary, token only as a Bearer header', () => {
  const plain = encodeSummaryRequest('127.0.4.60', 8080).toString();
  assert.match(plain, /^GET \/1\/summary HTTP\/1\.1\r\nHost: 127\.0\.4\.60:8080\r\n/);
  assert.doesNotMatch(plain, /Authorization/);
  assert.match(encodeSummaryRequest('h', 1, 'tok').toString(), /\r\nAuthorization: Bearer tok\r\n/);
});

test('parses the XMRig 6.22.1 summary', () => {
  const s = parseXmrigSummary(fx('xmrig-6.22.1-summary.txt'));
  assert.ok(s);
  assert.equal(s.version, '6.22.1');
  assert.equal(s.kind, 'miner');
  assert.equal(s.restricted, true);
  assert.equal(s.pool, '127.0.0.1:3333');
  assert.equal(s.poolTls, false);
  assert.equal(s.algo, 'rx/0');
  assert.deepEqual(s.hashrateHs, [17411.5, 17412.19, 17409.76]);
  assert.equal(s.workerId, 'rig01');
});

test('other JSON and garbage are not XMRig', () => {
  for (const bad of ['{"version":"1.2.3"}', '{"version":"x","kind":"miner"}', '[]', 'null', '{', '<html>', '{"ua":"XMRig/6"}']) {
    assert.equal(parseXmrigSummary(bad), null, bad);
  }
});

test('parses HTTP responses, Content-Length and chunked, and spots truncation', () => {
  const body = '{"a":1}';
  const full = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  const r = parseHttpResponse(full);
  assert.equal(r?.status, 200);
  assert.equal(r?.body.toString(), body);
  assert.equal(httpResponseComplete(full), true);
  assert.equal(httpResponseComplete(full.subarray(0, full.length - 2)), false);
  const chunked = Buffer.from('HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n');
  const c = parseHttpResponse(chunked);
  assert.equal(c?.status, 401);
  assert.equal(c?.body.toString(), 'abcdefg');
  assert.equal(c?.complete, true);
  assert.equal(parseHttpResponse(Buffer.from('SSH-2.0-x\r\n\r\n')), null);
  assert.equal(parseHttpResponse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n')), null);
  assert.equal(httpResponseComplete(Buffer.from('SSH-2.0-OpenSSH')), true);
});
